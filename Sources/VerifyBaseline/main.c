/*
 * The baseline of `kiosk bench verify`: the least code that verifies a scan with libfprint, to
 * compare the kiosk's own verify with. It opens the first reader (the bench points libfprint at
 * its virtual image reader), and for each round verifies the given print with
 * fp_device_verify_sync, feeding the given image over the reader's socket as soon as the reader
 * asks for a finger, as the kiosk does. It prints each round's time in microseconds.
 *
 * usage: VerifyBaseline PRINT_FILE IMAGE_FILE ROUNDS SOCKET
 *   PRINT_FILE  a serialised FpPrint
 *   IMAGE_FILE  int32 width, int32 height, then width*height grey bytes (the socket's own format)
 */
#include <fprint.h>
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static gchar *image;
static gsize image_length;
static int feed = -1;
static const char *socket_path;

static void connect_feed(void) {
  for (int i = 0; i < 500 && feed < 0; i++) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    g_strlcpy(address.sun_path, socket_path, sizeof address.sun_path);
    if (connect(fd, (struct sockaddr *) &address, sizeof address) == 0) { feed = fd; return; }
    close(fd);
    g_usleep(10000);
  }
}

/* Written from another thread: the reader reads the image on this one. */
static gpointer send_image(gpointer data) {
  connect_feed();
  if (write(feed, image, image_length) != (ssize_t) image_length) exit(3);
  return NULL;
}

static void finger_status_changed(GObject *device, GParamSpec *spec, gpointer data) {
  FpFingerStatusFlags status = fp_device_get_finger_status(FP_DEVICE(device));
  if ((status & FP_FINGER_STATUS_NEEDED) && !(status & FP_FINGER_STATUS_PRESENT))
    g_thread_unref(g_thread_new("feed", send_image, NULL));
}

int main(int argc, char **argv) {
  if (argc != 5) { fprintf(stderr, "usage: %s PRINT_FILE IMAGE_FILE ROUNDS SOCKET\n", argv[0]); return 64; }
  gchar *print_data; gsize print_length; GError *error = NULL;
  if (!g_file_get_contents(argv[1], &print_data, &print_length, &error)) { fprintf(stderr, "%s\n", error->message); return 66; }
  if (!g_file_get_contents(argv[2], &image, &image_length, &error)) { fprintf(stderr, "%s\n", error->message); return 66; }
  int rounds = atoi(argv[3]);
  socket_path = argv[4];

  FpContext *context = fp_context_new();
  GPtrArray *devices = fp_context_get_devices(context);
  if (devices->len == 0) { fprintf(stderr, "no reader\n"); return 69; }
  FpDevice *device = g_ptr_array_index(devices, 0);
  if (!fp_device_open_sync(device, NULL, &error)) { fprintf(stderr, "%s\n", error->message); return 69; }
  g_signal_connect(device, "notify::finger-status", G_CALLBACK(finger_status_changed), NULL);
  FpPrint *print = fp_print_deserialize((guchar *) print_data, print_length, &error);
  if (!print) { fprintf(stderr, "%s\n", error->message); return 65; }

  for (int round = 0; round < rounds; round++) {
    gboolean matched = FALSE;
    gint64 start = g_get_monotonic_time();
    if (!fp_device_verify_sync(device, print, NULL, NULL, NULL, &matched, NULL, &error)) { fprintf(stderr, "%s\n", error->message); return 1; }
    printf("%" G_GINT64_FORMAT " %d\n", g_get_monotonic_time() - start, matched);
    fflush(stdout);
  }
  fp_device_close_sync(device, NULL, NULL);
  return 0;
}
