//! What an uploaded image becomes before it is stored: its format checked by its bytes, its size
//! read, its metadata removed (with the EXIF orientation applied first, so a phone's portrait photo
//! stays upright), a small preview and a blurhash. The `image` crate decodes (pure Rust, bounded by
//! its allocation limits); the `blurhash` crate encodes the placeholder.
//!
//! CPU-heavy: callers run it on a blocking thread, a few at a time ([`super::upload`]).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::accounts::image_metadata;
use crate::accounts::images::ImageKind;
use crate::model::Dimensions;

/// Most pixels an uploaded image may have: 7680×4320, as Mastodon. Decoding one takes about
/// 130 MB, so uploads are processed a few at a time.
pub const MAX_PIXELS: u64 = 7680 * 4320;

/// The area of a preview: an image is scaled down to at most this many pixels (480×480), as
/// Mastodon's `small` version.
pub const PREVIEW_PIXELS: u64 = 480 * 480;

/// The blurhash's components across and down, as Mastodon.
const BLURHASH_COMPONENTS: (u32, u32) = (4, 3);

/// JPEG quality of previews and of re-encoded originals.
const JPEG_QUALITY: u8 = 85;

/// Why an image could not be processed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProcessError {
    /// Not a PNG, JPEG, WebP or GIF.
    #[error("file: not a PNG, JPEG, WebP or GIF image (the only media this server accepts)")]
    Unsupported,
    /// More pixels than [`MAX_PIXELS`].
    #[error(
        "file: the image is {width}×{height} pixels; at most {MAX_PIXELS} pixels (7680×4320) are accepted"
    )]
    TooManyPixels {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// The bytes do not decode.
    #[error("file: the image is damaged: {0}")]
    Damaged(String),
}

/// An encoded image file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// Its format.
    pub kind: ImageKind,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its size in pixels.
    pub dimensions: Dimensions,
}

/// A processed upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The file to store as the original (metadata removed when asked).
    pub original: Encoded,
    /// The small version clients show in timelines.
    pub preview: Encoded,
    /// The placeholder shown while the preview loads.
    pub blurhash: String,
}

fn format_of(kind: ImageKind) -> ImageFormat {
    match kind {
        ImageKind::Png => ImageFormat::Png,
        ImageKind::Jpeg => ImageFormat::Jpeg,
        ImageKind::WebP => ImageFormat::WebP,
        ImageKind::Gif => ImageFormat::Gif,
    }
}

fn damaged(err: impl std::fmt::Display) -> ProcessError {
    ProcessError::Damaged(err.to_string())
}

/// Processes an uploaded image. With `strip_metadata`, EXIF, XMP and IPTC are removed from the
/// original; an image whose EXIF turns it is turned first and encoded again (the turn would
/// otherwise go with the metadata).
pub fn process(bytes: Vec<u8>, strip_metadata: bool) -> Result<Processed, ProcessError> {
    let kind = ImageKind::of(&bytes).ok_or(ProcessError::Unsupported)?;
    let mut reader = ImageReader::with_format(Cursor::new(&bytes), format_of(kind));
    let mut limits = Limits::default();
    // Enough for MAX_PIXELS in 16-bit RGBA, the largest a decoder here produces.
    limits.max_alloc = Some(MAX_PIXELS * 8 + 16 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ProcessError::TooManyPixels { width, height });
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(damaged)?;

    let original = if !strip_metadata {
        Encoded { kind, dimensions: dimensions_of(&image), bytes }
    } else if orientation != Orientation::NoTransforms {
        image.apply_orientation(orientation);
        encode(&image, kind)?
    } else {
        let bytes = image_metadata::strip(kind, bytes).map_err(damaged)?;
        Encoded { kind, dimensions: dimensions_of(&image), bytes }
    };
    if !strip_metadata {
        // Shown as the EXIF says, even when the original keeps its metadata.
        image.apply_orientation(orientation);
    }

    let preview_image = scaled_to(&image, PREVIEW_PIXELS);
    let preview =
        encode(&preview_image, if image.color().has_alpha() { ImageKind::Png } else { ImageKind::Jpeg })?;
    let blurhash = blurhash_of(&preview_image)?;
    Ok(Processed { original, preview, blurhash })
}

fn dimensions_of(image: &DynamicImage) -> Dimensions {
    Dimensions { width: image.width(), height: image.height() }
}

/// `image` scaled down (never up) to at most `pixels` pixels, keeping its aspect.
fn scaled_to(image: &DynamicImage, pixels: u64) -> DynamicImage {
    let (w, h) = (u64::from(image.width()), u64::from(image.height()));
    if w * h <= pixels {
        return image.clone();
    }
    let scale = (pixels as f64 / (w * h) as f64).sqrt();
    let width = ((w as f64 * scale).floor() as u32).max(1);
    let height = ((h as f64 * scale).floor() as u32).max(1);
    image.thumbnail_exact(width, height)
}

/// Encodes `image` as `kind`: JPEG and PNG as they are; a WebP or GIF (whose encoders here are
/// lossless or palette-only) as PNG.
fn encode(image: &DynamicImage, kind: ImageKind) -> Result<Encoded, ProcessError> {
    let mut bytes = Vec::new();
    let kind = match kind {
        ImageKind::Jpeg => {
            // JPEG has no alpha; a JPEG source has none to lose.
            let rgb = image.to_rgb8();
            rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY))
                .map_err(damaged)?;
            ImageKind::Jpeg
        }
        _ => {
            image.write_with_encoder(PngEncoder::new(&mut bytes)).map_err(damaged)?;
            ImageKind::Png
        }
    };
    Ok(Encoded { kind, bytes, dimensions: dimensions_of(image) })
}

/// The blurhash of `image`, computed on a copy of at most 64×64 pixels (the hash keeps only a few
/// colour waves, so more pixels only cost time).
fn blurhash_of(image: &DynamicImage) -> Result<String, ProcessError> {
    let tiny = image.thumbnail(64, 64).to_rgba8();
    let (x, y) = BLURHASH_COMPONENTS;
    blurhash::encode(x, y, tiny.width(), tiny.height(), tiny.as_raw()).map_err(damaged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(image).write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        bytes
    }

    /// PNG's chunk checksum (CRC-32, ISO-HDLC), so a rewritten header still parses.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    #[test]
    fn a_photo_gets_its_size_a_smaller_preview_and_a_blurhash() {
        let processed = process(png(1200, 800), true).unwrap();
        assert_eq!(processed.original.dimensions, Dimensions { width: 1200, height: 800 });
        assert_eq!(processed.original.kind, ImageKind::Png);
        let small = processed.preview.dimensions;
        assert!(u64::from(small.width) * u64::from(small.height) <= PREVIEW_PIXELS, "{small:?}");
        let aspect = f64::from(small.width) / f64::from(small.height);
        assert!((aspect - 1.5).abs() < 0.01, "the preview keeps the aspect: {small:?}");
        assert_eq!(processed.preview.kind, ImageKind::Jpeg, "an opaque image's preview is a JPEG");
        assert_eq!(ImageKind::of(&processed.preview.bytes), Some(ImageKind::Jpeg));
        // 4×3 components: 1 size + 1 maximum + 4 DC + 2 × 11 AC characters.
        assert_eq!(processed.blurhash.len(), 28, "{}", processed.blurhash);
    }

    /// A `width`×`height` JPEG whose EXIF says to turn it 90° clockwise (orientation 6), as a
    /// phone writes a portrait photo.
    fn jpeg_turned(width: u32, height: u32) -> Vec<u8> {
        let image = RgbImage::from_pixel(width, height, Rgb([200, 100, 50]));
        let mut plain = Vec::new();
        DynamicImage::ImageRgb8(image).write_to(&mut Cursor::new(&mut plain), ImageFormat::Jpeg).unwrap();
        // Big-endian TIFF, one IFD with one entry: Orientation (0x0112), SHORT, 1 value, 6.
        let mut exif = b"Exif\0\0MM\0*\0\0\0\x08\0\x01".to_vec();
        exif.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0, 0, 0, 0, 0]);
        let mut bytes = plain[..2].to_vec();
        bytes.extend_from_slice(&[0xff, 0xe1]);
        bytes.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        bytes.extend_from_slice(&exif);
        bytes.extend_from_slice(&plain[2..]);
        bytes
    }

    #[test]
    fn a_photo_exif_turns_is_turned_before_its_metadata_goes() {
        let processed = process(jpeg_turned(40, 20), true).unwrap();
        assert_eq!(processed.original.dimensions, Dimensions { width: 20, height: 40 }, "stored upright");
        let stored = image::load_from_memory(&processed.original.bytes).unwrap();
        assert_eq!((stored.width(), stored.height()), (20, 40), "the stored pixels are turned");
        assert!(!processed.original.bytes.windows(4).any(|w| w == b"Exif"), "and the EXIF is gone");
        assert_eq!(processed.preview.dimensions, Dimensions { width: 20, height: 40 });
        let kept = process(jpeg_turned(40, 20), false).unwrap();
        assert_eq!(
            kept.original.dimensions,
            Dimensions { width: 40, height: 20 },
            "kept as sent, EXIF and all"
        );
        assert_eq!(kept.preview.dimensions, Dimensions { width: 20, height: 40 }, "shown upright");
    }

    #[test]
    fn a_small_image_is_its_own_preview_size_and_transparency_stays() {
        let image = RgbaImage::from_pixel(40, 30, Rgba([10, 20, 30, 0]));
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba8(image).write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        let processed = process(bytes, true).unwrap();
        assert_eq!(processed.preview.dimensions, Dimensions { width: 40, height: 30 });
        assert_eq!(processed.preview.kind, ImageKind::Png, "a transparent image's preview keeps its alpha");
    }

    #[test]
    fn what_is_not_an_image_or_is_too_large_is_refused() {
        assert_eq!(process(b"<svg onload=alert(1)>".to_vec(), true), Err(ProcessError::Unsupported));
        let mut truncated = png(64, 64);
        truncated.truncate(100);
        assert!(matches!(process(truncated, true), Err(ProcessError::Damaged(_))));
        // A PNG header claiming 20000×20000 pixels: refused before any pixel is decoded.
        let mut huge = png(1, 1);
        huge[16..20].copy_from_slice(&20000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&20000u32.to_be_bytes());
        let crc = crc32(&huge[12..29]);
        huge[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(process(huge, true), Err(ProcessError::TooManyPixels { width: 20000, height: 20000 }));
    }
}
