//! Real images for upload tests, encoded by the `image` crate: a gradient, so previews and
//! blurhashes have something to show.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

/// A JPEG of `width`×`height` pixels.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 160]));
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .expect("encodes");
    bytes
}

/// [`jpeg`] with an EXIF segment holding `marker` right after the start of image, as a camera
/// writes the place a photo was taken.
pub fn jpeg_with_exif(width: u32, height: u32, marker: &[u8]) -> Vec<u8> {
    let plain = jpeg(width, height);
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(marker);
    let mut bytes = plain[..2].to_vec();
    bytes.extend_from_slice(&[0xff, 0xe1]);
    bytes.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    bytes.extend_from_slice(&exif);
    bytes.extend_from_slice(&plain[2..]);
    bytes
}
