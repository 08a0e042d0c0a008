// ncursesw with its wide-character calls, plus functions for what ncurses gives only as macros
// (Swift imports constants, not function-like macros).
#ifndef KIOSK_CNCURSES_SHIM_H
#define KIOSK_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline attr_t kiosk_attr_normal(void) { return A_NORMAL; }
static inline attr_t kiosk_attr_bold(void) { return A_BOLD; }
static inline attr_t kiosk_attr_reverse(void) { return A_REVERSE; }
static inline attr_t kiosk_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t kiosk_attr_dim(void) { return A_DIM; }
static inline attr_t kiosk_color_pair(short pair) { return COLOR_PAIR(pair); }
static inline int kiosk_lines(void) { return LINES; }
static inline WINDOW *kiosk_screen(void) { return stdscr; }
static inline int kiosk_columns(void) { return COLS; }

#endif
