#include <png.h>
#include <tiffio.h>

/* TIFFGetField is variadic; Swift needs fixed signatures. */
static inline int kiosk_tiff_u32(TIFF *tif, uint32_t tag, uint32_t *value) { return TIFFGetFieldDefaulted(tif, tag, value); }
static inline int kiosk_tiff_u16(TIFF *tif, uint32_t tag, uint16_t *value) { return TIFFGetFieldDefaulted(tif, tag, value); }
