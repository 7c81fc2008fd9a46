/*
 * jsonout.h - writing JSON by hand: the little that our reports and lists
 * need, with one string escaper for every tool.  Libc only.
 */
#ifndef XNS_JSONOUT_H
#define XNS_JSONOUT_H

#include <stdio.h>

/**
 * jsonout_str - @s as a JSON string, quotes included: '"' and '\' escaped,
 * control characters as \u00XX (RFC 8259, section 7); other bytes, UTF-8
 * included, go out as they are
 */
void jsonout_str(FILE *f, const char *s);

#endif
