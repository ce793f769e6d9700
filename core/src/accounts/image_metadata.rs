//! Removing what an image says about where and by whom it was made, without touching its pixels:
//! img-parts edits the container, nothing is re-encoded.
//!
//! Removed:
//! - JPEG: every APP1 segment (EXIF, XMP and extended XMP), APP13 (Photoshop image resources,
//!   where IPTC lives) and COM (comments).
//! - PNG: the `eXIf`, `tEXt`, `zTXt` and `iTXt` chunks (XMP is an `iTXt` chunk).
//! - WebP: the `EXIF` and `XMP ` chunks (the `VP8X` flags are updated to match).
//!
//! Kept, because decoding or colours need them: JPEG APP0 (JFIF), APP2 (ICC profile, MPF), APP14
//! (Adobe colour transform), ICC profiles of PNG and WebP. Also kept as they are: whatever follows
//! a JPEG's first scan (later scans of a progressive JPEG and the extra images of a multi-picture
//! file, which img-parts does not parse), and GIFs, which are not edited at all.

use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::{CHUNK_XMP, WebP};
use img_parts::{Bytes, ImageEXIF};

use super::images::ImageKind;

/// The PNG chunks that carry text or EXIF.
const PNG_METADATA_CHUNKS: [[u8; 4]; 4] = [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt"];

/// `bytes` (an image of `kind`) without the metadata listed in the module's documentation.
pub(crate) fn strip(kind: ImageKind, bytes: Vec<u8>) -> Result<Vec<u8>, img_parts::Error> {
    let bytes = Bytes::from(bytes);
    let stripped = match kind {
        ImageKind::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(bytes)?;
            // First through set_exif, which keeps the offsets of a multi-picture (MPF) file right.
            jpeg.set_exif(None);
            jpeg.segments_mut()
                .retain(|s| !matches!(s.marker(), markers::APP1 | markers::APP13 | markers::COM));
            jpeg.encoder().bytes()
        }
        ImageKind::Png => {
            let mut png = Png::from_bytes(bytes)?;
            for chunk in PNG_METADATA_CHUNKS {
                png.remove_chunks_by_type(chunk);
            }
            png.encoder().bytes()
        }
        ImageKind::WebP => {
            let mut webp = WebP::from_bytes(bytes)?;
            webp.remove_chunks_by_id(CHUNK_XMP);
            // Last: it also recomputes the VP8X flags, which still announced the XMP chunk.
            webp.set_exif(None);
            webp.encoder().bytes()
        }
        ImageKind::Gif => bytes,
    };
    Ok(stripped.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"SECRET-PLACE";

    fn holds_secret(bytes: &[u8]) -> bool {
        bytes.windows(SECRET.len()).any(|w| w == SECRET)
    }

    fn jpeg_segment(marker: u8, contents: &[u8]) -> Vec<u8> {
        let mut segment = vec![0xff, marker];
        segment.extend_from_slice(&((contents.len() + 2) as u16).to_be_bytes());
        segment.extend_from_slice(contents);
        segment
    }

    /// A JPEG container: SOI, the given segments, an empty scan and EOI.
    fn jpeg(segments: &[Vec<u8>]) -> Vec<u8> {
        let mut bytes = vec![0xff, 0xd8];
        bytes.extend(jpeg_segment(markers::APP0, b"JFIF\0\x01\x02\0\0\x01\0\x01\0\0"));
        segments.iter().for_each(|s| bytes.extend(s));
        bytes.extend_from_slice(&[0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]);
        bytes
    }

    #[test]
    fn jpeg_loses_exif_xmp_iptc_and_comments_but_keeps_jfif_and_its_colour_profile() {
        let icc = jpeg_segment(markers::APP2, b"ICC_PROFILE\0\x01\x01colour-profile");
        for (what, segment) in [
            ("EXIF", jpeg_segment(markers::APP1, &[b"Exif\0\0".as_slice(), SECRET].concat())),
            (
                "XMP",
                jpeg_segment(markers::APP1, &[b"http://ns.adobe.com/xap/1.0/\0".as_slice(), SECRET].concat()),
            ),
            (
                "extended XMP",
                jpeg_segment(
                    markers::APP1,
                    &[b"http://ns.adobe.com/xmp/extension/\0".as_slice(), SECRET].concat(),
                ),
            ),
            (
                "IPTC",
                jpeg_segment(markers::APP13, &[b"Photoshop 3.0\08BIM\x04\x04".as_slice(), SECRET].concat()),
            ),
            ("comment", jpeg_segment(markers::COM, SECRET)),
        ] {
            let image = jpeg(&[segment, icc.clone()]);
            assert!(holds_secret(&image), "{what}: the test image carries it");
            let stripped = strip(ImageKind::Jpeg, image).unwrap();
            assert!(!holds_secret(&stripped), "{what} must be gone");
            assert!(stripped.windows(14).any(|w| w == b"colour-profile"), "{what}: the ICC profile stays");
            assert!(stripped.windows(4).any(|w| w == b"JFIF"), "{what}: JFIF kept");
        }
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(kind);
        chunk.extend_from_slice(data);
        let crc = crc32([kind.as_slice(), data].concat().as_slice());
        chunk.extend_from_slice(&crc.to_be_bytes());
        chunk
    }

    /// CRC-32 as PNG computes it (the parser does not check it, but the file should be valid).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    fn png(extra: &[Vec<u8>]) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend(png_chunk(b"IHDR", b"\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0"));
        extra.iter().for_each(|c| bytes.extend(c));
        bytes.extend(png_chunk(b"IDAT", b"\x78\x9c\x63\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00"));
        bytes.extend(png_chunk(b"IEND", b""));
        bytes
    }

    #[test]
    fn png_loses_exif_and_every_text_chunk_xmp_included() {
        for (what, chunk) in [
            ("eXIf", png_chunk(b"eXIf", &[b"MM\0*".as_slice(), SECRET].concat())),
            ("tEXt", png_chunk(b"tEXt", &[b"Comment\0".as_slice(), SECRET].concat())),
            ("zTXt", png_chunk(b"zTXt", &[b"Location\0\0".as_slice(), SECRET].concat())),
            ("iTXt XMP", png_chunk(b"iTXt", &[b"XML:com.adobe.xmp\0\0\0\0\0".as_slice(), SECRET].concat())),
        ] {
            let image = png(&[chunk]);
            assert!(holds_secret(&image), "{what}: the test image carries it");
            let stripped = strip(ImageKind::Png, image).unwrap();
            assert!(!holds_secret(&stripped), "{what} must be gone");
            assert!(stripped.windows(4).any(|w| w == b"IDAT"), "{what}: the pixels stay");
        }
    }

    fn riff_chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut chunk = id.to_vec();
        chunk.extend_from_slice(&(data.len() as u32).to_le_bytes());
        chunk.extend_from_slice(data);
        if data.len() % 2 == 1 {
            chunk.push(0);
        }
        chunk
    }

    /// An extended WebP (VP8X, flags for EXIF and XMP set) around a lossy 1×1 frame header.
    fn webp(extra: &[Vec<u8>]) -> Vec<u8> {
        let mut chunks = riff_chunk(b"VP8X", b"\x0c\0\0\0\0\0\0\0\0\0");
        chunks.extend(riff_chunk(b"VP8 ", b"\x50\x5a\x00\x9d\x01\x2a\x01\x00\x01\x00"));
        extra.iter().for_each(|c| chunks.extend(c));
        let mut bytes = b"RIFF".to_vec();
        bytes.extend_from_slice(&((chunks.len() + 4) as u32).to_le_bytes());
        bytes.extend_from_slice(b"WEBP");
        bytes.extend(chunks);
        bytes
    }

    #[test]
    fn webp_loses_its_exif_and_xmp_chunks_and_their_flags() {
        let image = webp(&[
            riff_chunk(b"EXIF", &[b"MM\0*".as_slice(), SECRET].concat()),
            riff_chunk(b"XMP ", &[b"<x:xmpmeta>".as_slice(), SECRET].concat()),
        ]);
        assert!(holds_secret(&image));
        let stripped = strip(ImageKind::WebP, image).unwrap();
        assert!(!holds_secret(&stripped), "EXIF and XMP must be gone");
        assert!(stripped.windows(4).any(|w| w == b"VP8 "), "the frame stays");
        let flags = stripped.windows(4).position(|w| w == b"VP8X").map(|i| stripped[i + 8]);
        assert!(flags.is_none_or(|f| f & 0b1100 == 0), "no flag announces EXIF or XMP any more");
    }

    #[test]
    fn a_gif_is_left_as_it_is() {
        let gif = b"GIF89a\x01\0\x01\0\0\0\0;".to_vec();
        assert_eq!(strip(ImageKind::Gif, gif.clone()).unwrap(), gif);
    }
}
