/*
 * filter.c - a recursive-descent parser and evaluator for the
 * scols-filter(5) language.  Precedence, loosest first: ||, &&, !, the
 * comparisons; parentheses group.
 */
#include "compat.h"
#include "filter.h"

#include <ctype.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* deep enough for any hand-written filter, shallow enough for the stack */
#define FILTER_MAX_DEPTH 128

enum tok {
	T_END, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_REG, T_NREG,
	T_HOLDER, T_NUMBER, T_STRING, T_TRUE, T_FALSE,
};

enum node_kind { N_AND, N_OR, N_NOT, N_CMP, N_HOLDER, N_NUMBER, N_STRING, N_BOOL };

struct node {
	enum node_kind kind;
	enum tok op;                    /* N_CMP */
	struct node *l, *r;
	int col;                        /* N_HOLDER */
	enum filter_type type;          /* N_HOLDER */
	double num;                     /* N_NUMBER, N_BOOL */
	char *str;                      /* N_STRING */
	regex_t *re;                    /* N_CMP with =~ or !~ */
};

struct filter {
	struct node *root;
	int *cols;
	size_t ncols;
};

struct parser {
	const char *s;
	size_t pos;                     /* of the current token */
	size_t next;                    /* just after it */
	enum tok tok;
	const char *text;               /* holder name, number */
	size_t len;
	char *str;                      /* T_STRING, unescaped */
	int depth;
	int rc;
	struct filter_error *err;
	filter_resolve_fn resolve;
	void *data;
	struct filter *f;
};

static void fail(struct parser *p, int rc, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail(struct parser *p, int rc, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (p->rc)
		return;         /* the first error is the one to report */
	p->rc = rc;
	if (!p->err)
		return;
	p->err->pos = pos + 1;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
}

static bool holder_char(int c, bool first)
{
	if (isalpha(c) || c == '_')
		return true;
	return !first && (isdigit(c) || c == '.' || c == '%' || c == ':' ||
			  c == '/' || c == '-');
}

static const struct { const char *word; enum tok tok; } words[] = {
	{ "and", T_AND }, { "or", T_OR }, { "not", T_NOT },
	{ "eq", T_EQ }, { "ne", T_NE }, { "lt", T_LT }, { "le", T_LE },
	{ "gt", T_GT }, { "ge", T_GE }, { "true", T_TRUE }, { "false", T_FALSE },
};

/* read the token at p->next */
static void lex(struct parser *p)
{
	const char *s = p->s;
	size_t i = p->next;

	free(p->str);
	p->str = NULL;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
		i++;
	p->pos = i;
	p->text = s + i;
	p->len = 1;

#define TWO(a, b, t2, t1) \
	if (s[i] == (a)) { \
		if (s[i + 1] == (b)) { p->tok = (t2); p->len = 2; } else { p->tok = (t1); } \
		goto done; \
	}
	if (!s[i]) {
		p->tok = T_END;
		p->len = 0;
		goto done;
	}
	if (s[i] == '(') { p->tok = T_LPAREN; goto done; }
	if (s[i] == ')') { p->tok = T_RPAREN; goto done; }
	if (s[i] == '&' && s[i + 1] == '&') { p->tok = T_AND; p->len = 2; goto done; }
	if (s[i] == '|' && s[i + 1] == '|') { p->tok = T_OR; p->len = 2; goto done; }
	if (s[i] == '!' && s[i + 1] == '=') { p->tok = T_NE; p->len = 2; goto done; }
	if (s[i] == '!' && s[i + 1] == '~') { p->tok = T_NREG; p->len = 2; goto done; }
	if (s[i] == '!') { p->tok = T_NOT; goto done; }
	if (s[i] == '=' && s[i + 1] == '=') { p->tok = T_EQ; p->len = 2; goto done; }
	if (s[i] == '=' && s[i + 1] == '~') { p->tok = T_REG; p->len = 2; goto done; }
	TWO('<', '=', T_LE, T_LT)
	TWO('>', '=', T_GE, T_GT)
#undef TWO

	if (isdigit((unsigned char) s[i])) {
		size_t j = i;

		while (isdigit((unsigned char) s[j]))
			j++;
		if (s[j] == '.') {
			j++;
			if (!isdigit((unsigned char) s[j])) {
				fail(p, -EINVAL, i, "malformed number");
				p->tok = T_END;
				goto done;
			}
			while (isdigit((unsigned char) s[j]))
				j++;
		}
		if (holder_char((unsigned char) s[j], false) && !isdigit((unsigned char) s[j])) {
			fail(p, -EINVAL, i, "malformed number");
			p->tok = T_END;
			goto done;
		}
		p->tok = T_NUMBER;
		p->len = j - i;
		goto done;
	}
	if (s[i] == '"' || s[i] == '\'') {
		char q = s[i];
		size_t j = i + 1, n = 0;
		char *out = malloc(strlen(s + i) + 1);

		if (!out) {
			fail(p, -ENOMEM, i, "out of memory");
			p->tok = T_END;
			goto done;
		}
		while (s[j] && s[j] != q) {
			if (s[j] == '\\' && s[j + 1])
				j++;
			out[n++] = s[j++];
		}
		out[n] = '\0';
		if (!s[j]) {
			free(out);
			fail(p, -EINVAL, i, "unterminated string");
			p->tok = T_END;
			goto done;
		}
		p->str = out;
		p->tok = T_STRING;
		p->len = j + 1 - i;
		goto done;
	}
	if (holder_char((unsigned char) s[i], true)) {
		size_t j = i;

		while (holder_char((unsigned char) s[j], j == i))
			j++;
		p->len = j - i;
		p->tok = T_HOLDER;
		for (size_t w = 0; w < ARRAY_SIZE(words); w++)
			if (strlen(words[w].word) == p->len &&
			    strncasecmp(words[w].word, s + i, p->len) == 0)
				p->tok = words[w].tok;
		goto done;
	}
	fail(p, -EINVAL, i, "unexpected '%c'", s[i]);
	p->tok = T_END;
done:
	p->next = p->pos + p->len;
}

static const char *tok_text(const struct parser *p, char *buf, size_t len)
{
	if (p->tok == T_END)
		return "end of expression";
	snprintf(buf, len, "'%.*s'", (int) (p->len > 20 ? 20 : p->len), p->text);
	return buf;
}

static struct node *new_node(struct parser *p, enum node_kind kind)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n)
		fail(p, -ENOMEM, p->pos, "out of memory");
	else
		n->kind = kind;
	return n;
}

static void free_node(struct node *n)
{
	if (!n)
		return;
	free_node(n->l);
	free_node(n->r);
	free(n->str);
	if (n->re) {
		regfree(n->re);
		free(n->re);
	}
	free(n);
}

static int add_col(struct parser *p, int col)
{
	int *v;

	for (size_t i = 0; i < p->f->ncols; i++)
		if (p->f->cols[i] == col)
			return 0;
	v = realloc(p->f->cols, (p->f->ncols + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	p->f->cols = v;
	v[p->f->ncols++] = col;
	return 0;
}

static struct node *parse_or(struct parser *p);

static struct node *parse_primary(struct parser *p)
{
	struct node *n = NULL;
	char buf[32];

	switch (p->tok) {
	case T_LPAREN: {
		size_t open = p->pos;

		lex(p);
		n = parse_or(p);
		if (p->rc)
			return n;
		if (p->tok != T_RPAREN) {
			fail(p, -EINVAL, p->tok == T_END ? open : p->pos,
			     p->tok == T_END ? "unbalanced '('" : "expected ')', got %s",
			     tok_text(p, buf, sizeof(buf)));
			return n;
		}
		lex(p);
		return n;
	}
	case T_HOLDER: {
		enum filter_type type = FILTER_STRING;
		int col = p->resolve ? p->resolve(p->text, p->len, &type, p->data) : -1;

		if (col < 0) {
			fail(p, -ENOENT, p->pos, "unknown column '%.*s'",
			     (int) (p->len > 40 ? 40 : p->len), p->text);
			return NULL;
		}
		if (!(n = new_node(p, N_HOLDER)))
			return NULL;
		n->col = col;
		n->type = type;
		if (add_col(p, col) < 0)
			fail(p, -ENOMEM, p->pos, "out of memory");
		break;
	}
	case T_NUMBER:
		if (!(n = new_node(p, N_NUMBER)))
			return NULL;
		n->num = strtod(p->text, NULL);
		break;
	case T_STRING:
		if (!(n = new_node(p, N_STRING)))
			return NULL;
		n->str = p->str;
		p->str = NULL;
		break;
	case T_TRUE:
	case T_FALSE:
		if (!(n = new_node(p, N_BOOL)))
			return NULL;
		n->num = p->tok == T_TRUE;
		break;
	default:
		fail(p, -EINVAL, p->pos, "expected a column, number or string, got %s",
		     tok_text(p, buf, sizeof(buf)));
		return NULL;
	}
	lex(p);
	return n;
}

static bool is_cmp(enum tok t)
{
	return t >= T_EQ && t <= T_NREG;
}

/*
 * POSIX leaves two repetition operators in a row ("a++", "a*{2}")
 * undefined, and glibc's regcomp() takes time exponential in their number:
 * such a pattern is refused instead of hanging the listing.
 */
static bool regex_stacked_repeats(const char *re)
{
	bool repeat = false;

	for (const char *c = re; *c; c++) {
		bool is_repeat = *c == '*' || *c == '+' || *c == '?' || *c == '{';

		if (is_repeat && repeat && c != re)
			return true;
		if (*c == '\\' && c[1]) {
			c++;
			repeat = false;
		} else if (*c == '[') {
			/* a bracket expression: "]" first is a member, not the end */
			c++;
			if (*c == '^')
				c++;
			if (*c == ']')
				c++;
			while (*c && *c != ']')
				c++;
			if (!*c)
				return false;    /* unbalanced: regcomp says so */
			repeat = false;
		} else if (*c == '{') {
			while (*c && *c != '}')
				c++;
			if (!*c)
				return false;
			repeat = true;
		} else {
			repeat = is_repeat;
		}
	}
	return false;
}

static struct node *parse_cmp(struct parser *p)
{
	struct node *l = parse_primary(p), *n;
	size_t oppos;
	enum tok op;

	if (p->rc || !is_cmp(p->tok))
		return l;
	op = p->tok;
	oppos = p->pos;
	lex(p);
	n = new_node(p, N_CMP);
	if (!n)
		return l;
	n->op = op;
	n->l = l;
	n->r = parse_primary(p);
	if (p->rc)
		return n;
	if (op == T_REG || op == T_NREG) {
		int rc;

		if (n->r->kind != N_STRING) {
			fail(p, -EINVAL, oppos, "the right of '%s' must be a quoted regex",
			     op == T_REG ? "=~" : "!~");
			return n;
		}
		if (regex_stacked_repeats(n->r->str)) {
			fail(p, -EINVAL, oppos + 3,
			     "bad regex: repetition operators in a row (\"a++\") are undefined");
			return n;
		}
		n->re = calloc(1, sizeof(*n->re));
		if (!n->re) {
			fail(p, -ENOMEM, oppos, "out of memory");
			return n;
		}
		rc = regcomp(n->re, n->r->str, REG_EXTENDED | REG_NOSUB);
		if (rc) {
			char msg[64];

			regerror(rc, n->re, msg, sizeof(msg));
			free(n->re);
			n->re = NULL;
			fail(p, -EINVAL, oppos + 3, "bad regex: %s", msg);
			return n;
		}
	}
	if (is_cmp(p->tok))
		fail(p, -EINVAL, p->pos, "comparisons do not chain: use && or parentheses");
	return n;
}

static struct node *parse_unary(struct parser *p)
{
	struct node *n;

	if (p->tok != T_NOT)
		return parse_cmp(p);
	if (++p->depth > FILTER_MAX_DEPTH) {
		fail(p, -EINVAL, p->pos, "nested too deeply");
		return NULL;
	}
	lex(p);
	n = new_node(p, N_NOT);
	if (n)
		n->l = parse_unary(p);
	p->depth--;
	return n;
}

static struct node *parse_binary(struct parser *p, enum tok op)
{
	struct node *l = op == T_OR ? parse_binary(p, T_AND) : parse_unary(p);

	while (!p->rc && p->tok == op) {
		struct node *n;

		lex(p);
		n = new_node(p, op == T_OR ? N_OR : N_AND);
		if (!n)
			break;
		n->l = l;
		l = n;
		n->r = op == T_OR ? parse_binary(p, T_AND) : parse_unary(p);
	}
	return l;
}

static struct node *parse_or(struct parser *p)
{
	struct node *n;

	if (++p->depth > FILTER_MAX_DEPTH) {
		fail(p, -EINVAL, p->pos, "nested too deeply");
		return NULL;
	}
	n = parse_binary(p, T_OR);
	p->depth--;
	return n;
}

int filter_parse(const char *expr, filter_resolve_fn resolve, void *data,
		 struct filter **out, struct filter_error *err)
{
	struct parser p = { .s = expr, .err = err, .resolve = resolve, .data = data };
	char buf[32];

	if (err) {
		err->pos = 0;
		err->msg[0] = '\0';
	}
	if (!expr) {
		fail(&p, -EINVAL, 0, "empty expression");
		return p.rc;
	}
	p.f = calloc(1, sizeof(*p.f));
	if (!p.f)
		return -ENOMEM;
	lex(&p);
	if (!p.rc && p.tok == T_END)
		fail(&p, -EINVAL, p.pos, "empty expression");
	if (!p.rc)
		p.f->root = parse_or(&p);
	if (!p.rc && p.tok != T_END)
		fail(&p, -EINVAL, p.pos, p.tok == T_RPAREN ? "unbalanced ')'" :
		     "expected && or ||, got %s", tok_text(&p, buf, sizeof(buf)));
	free(p.str);
	if (p.rc) {
		filter_free(p.f);
		return p.rc;
	}
	*out = p.f;
	return 0;
}

/* ---- evaluation ---------------------------------------------------------- */

struct operand {
	const char *str;
	double num;
	bool numeric;           /* a number literal, or a number column */
	bool valid;             /* the text reads as a number */
};

static bool parse_number(const char *s, double *v)
{
	char *end;

	if (!s || !*s)
		return false;
	*v = strtod(s, &end);
	return end != s && !*end;
}

static void operand(const struct node *n, filter_value_fn value, void *data,
		    struct operand *o)
{
	memset(o, 0, sizeof(*o));
	switch (n->kind) {
	case N_HOLDER:
		o->str = value(n->col, data);
		if (!o->str)
			o->str = "";
		o->numeric = n->type == FILTER_NUMBER;
		o->valid = parse_number(o->str, &o->num);
		break;
	case N_NUMBER:
	case N_BOOL:
		o->num = n->num;
		o->numeric = o->valid = true;
		o->str = "";
		break;
	case N_STRING:
		o->str = n->str;
		o->valid = parse_number(o->str, &o->num);
		break;
	default:
		o->str = "";
		break;
	}
}

static bool eval(const struct node *n, filter_value_fn value, void *data);

static bool compare(const struct node *n, filter_value_fn value, void *data)
{
	struct operand a, b;
	int c;

	operand(n->l, value, data, &a);
	if (n->re) {
		bool m = regexec(n->re, a.str, 0, NULL, 0) == 0;

		return n->op == T_REG ? m : !m;
	}
	/* a boolean sub-expression compared with something: compare truth */
	if (n->l->kind <= N_CMP || n->r->kind <= N_CMP) {
		bool x = eval(n->l, value, data), y = eval(n->r, value, data);

		c = (x > y) - (x < y);
		goto decide;
	}
	operand(n->r, value, data, &b);
	if (a.numeric || b.numeric) {
		/* an empty or non-numeric cell matches no numeric test */
		if (!a.valid || !b.valid)
			return n->op == T_NE;
		c = (a.num > b.num) - (a.num < b.num);
	} else {
		c = strcmp(a.str, b.str);
	}
decide:
	switch (n->op) {
	case T_EQ: return c == 0;
	case T_NE: return c != 0;
	case T_LT: return c < 0;
	case T_LE: return c <= 0;
	case T_GT: return c > 0;
	case T_GE: return c >= 0;
	default: return false;
	}
}

static bool eval(const struct node *n, filter_value_fn value, void *data)
{
	struct operand o;

	switch (n->kind) {
	case N_AND:
		return eval(n->l, value, data) && eval(n->r, value, data);
	case N_OR:
		return eval(n->l, value, data) || eval(n->r, value, data);
	case N_NOT:
		return !eval(n->l, value, data);
	case N_CMP:
		return compare(n, value, data);
	default:
		operand(n, value, data, &o);
		if (o.numeric)
			return o.valid && o.num != 0;
		return o.str[0] != '\0';
	}
}

int filter_eval(const struct filter *f, filter_value_fn value, void *data)
{
	return f && f->root ? eval(f->root, value, data) : 1;
}

size_t filter_columns(const struct filter *f, int *ids, size_t max)
{
	for (size_t i = 0; f && i < f->ncols && i < max; i++)
		ids[i] = f->cols[i];
	return f ? f->ncols : 0;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	free_node(f->root);
	free(f->cols);
	free(f);
}
