// ncursesw with its wide-character calls, plus functions for what ncurses gives only as macros
// (Swift imports constants, not function-like macros).
#ifndef KIOSK_CNCURSES_SHIM_H
#define KIOSK_CNCURSES_SHIM_H

#include <signal.h>
#include <unistd.h>

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

// Pseudo-terminals, for measuring the kiosk on a terminal it does not own. Declared here because
// the C library declares them only for X/Open builds, which Swift's Glibc module is not.
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern char *ptsname(int fd);

// A resize signal may land on any of the process's threads (the reader's, Dispatch's), so the
// thread waiting for keys would not wake for it. This handler runs ncurses' own (which makes the
// next read return KEY_RESIZE) and then writes a byte to the UI thread's wake pipe.
// (State lives in function-local statics: Swift emits the functions of this header, not its globals.)
static inline int *kiosk_resize_wake_fd(void) { static int fd = -1; return &fd; }
typedef void (*kiosk_signal_handler)(int);
static inline kiosk_signal_handler *kiosk_curses_resize_handler(void) { static kiosk_signal_handler saved = SIG_DFL; return &saved; }

static void kiosk_on_resize(int signal_number) {
    kiosk_signal_handler curses_handler = *kiosk_curses_resize_handler();
    if (curses_handler != SIG_DFL && curses_handler != SIG_IGN) curses_handler(signal_number);
    if (*kiosk_resize_wake_fd() >= 0) {
        char byte = 1;
        ssize_t written = write(*kiosk_resize_wake_fd(), &byte, 1);
        (void)written;
    }
}

// Call after initscr, which installs ncurses' handler.
static inline void kiosk_wake_on_resize(int wake_fd) {
    *kiosk_resize_wake_fd() = wake_fd;
    struct sigaction action, previous;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    action.sa_handler = kiosk_on_resize;
    if (sigaction(SIGWINCH, &action, &previous) == 0) *kiosk_curses_resize_handler() = previous.sa_handler;
}

// SIGTERM (systemd stopping the kiosk), SIGHUP (its terminal gone) and SIGINT end the kiosk as the
// staff's own exit does: the handler notes the signal and wakes the UI thread, which leaves
// ncurses and returns, so the reader is let go and a demo's data removed. A handler, not SIG_IGN:
// the programs the kiosk starts (ffmpeg, espeak-ng, lp) get the default dispositions back at exec.
static inline volatile sig_atomic_t *kiosk_stop_signal(void) { static volatile sig_atomic_t received = 0; return &received; }
static inline int *kiosk_stop_wake_fd(void) { static int fd = -1; return &fd; }

static void kiosk_on_stop(int signal_number) {
    *kiosk_stop_signal() = signal_number;
    if (*kiosk_stop_wake_fd() >= 0) {
        char byte = 1;
        ssize_t written = write(*kiosk_stop_wake_fd(), &byte, 1);
        (void)written;
    }
}

// Call before initscr, so ncurses leaves these signals to the kiosk.
static inline void kiosk_stop_on_signals(void) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    action.sa_handler = kiosk_on_stop;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGINT, &action, NULL);
}

static inline void kiosk_stop_wakes(int wake_fd) { *kiosk_stop_wake_fd() = wake_fd; }
static inline int kiosk_stop_received(void) { return *kiosk_stop_signal(); }

#endif
