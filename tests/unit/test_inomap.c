#include "inomap.h"
#include "unit.h"

#include <stdint.h>

/* enough keys to grow the table several times, each found again */
START_TEST(put_get_grow)
{
	struct inomap m = { 0 };
	static int vals[5000];

	ck_assert_ptr_null(inomap_get(&m, 1));
	ck_assert_ptr_null(inomap_get(NULL, 1));
	for (size_t i = 0; i < 5000; i++)
		ck_assert_int_eq(inomap_put(&m, (ino_t) 4026531840u + i * 7, &vals[i]), 0);
	ck_assert_uint_eq(m.n, 5000);
	for (size_t i = 0; i < 5000; i++)
		ck_assert_ptr_eq(inomap_get(&m, (ino_t) 4026531840u + i * 7), &vals[i]);
	ck_assert_ptr_null(inomap_get(&m, 4026531841u));
	/* a key put again takes the new value and is counted once */
	ck_assert_int_eq(inomap_put(&m, 4026531840u, &vals[1]), 0);
	ck_assert_ptr_eq(inomap_get(&m, 4026531840u), &vals[1]);
	ck_assert_uint_eq(m.n, 5000);
	inomap_clear(&m);
	ck_assert_uint_eq(m.cap, 0);
	ck_assert_ptr_null(inomap_get(&m, 4026531840u));
}
END_TEST

/* inode 0 marks a free slot: it is refused, and never found */
START_TEST(zero_key)
{
	struct inomap m = { 0 };
	int v;

	ck_assert_int_eq(inomap_put(&m, 0, &v), -EINVAL);
	ck_assert_int_eq(inomap_put(&m, 5, &v), 0);
	ck_assert_ptr_null(inomap_get(&m, 0));
	/* keys that collide in the low bits all stay apart */
	for (ino_t k = 1; k < 64; k++)
		ck_assert_int_eq(inomap_put(&m, k << 40, &v), 0);
	for (ino_t k = 1; k < 64; k++)
		ck_assert_ptr_eq(inomap_get(&m, k << 40), &v);
	inomap_clear(&m);
}
END_TEST

static Suite *inomap_suite(void)
{
	Suite *s = suite_create("inomap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, put_get_grow);
	tcase_add_test(tc, zero_key);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(inomap_suite)
