import type { AttachmentType } from '@followthrough/shared';
import { fileTypeFromBuffer } from 'file-type';

type Sharp = typeof import('sharp').default;
let sharpModule: Promise<Sharp | null> | undefined;

/** sharp when its native binary loads here; without it, photos are kept as sent and get no preview. */
function loadSharp(): Promise<Sharp | null> {
  sharpModule ??= import('sharp').then(
    (m) => m.default,
    () => null,
  );
  return sharpModule;
}

/** The longest side of a preview. */
export const PREVIEW_PX = 480;

/** The allowed type of these bytes, from their content alone; undefined for anything else. */
export async function recognise(bytes: Buffer): Promise<AttachmentType | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  switch (found?.mime) {
    case 'image/jpeg':
    case 'image/png':
    case 'image/webp':
    case 'image/gif':
    case 'image/heic':
    case 'application/pdf':
      return found.mime;
    // The HEIF container without the HEIC brand: what phones send as .heic too.
    case 'image/heif':
      return 'image/heic';
    default:
      return undefined;
  }
}

export interface Prepared {
  bytes: Buffer;
  width?: number;
  height?: number;
  preview?: { contentType: string; bytes: Buffer };
}

/** Formats re-encoded without their metadata when they carry any (EXIF GPS, XMP). */
const reencoded = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' } as const;

/**
 * What is stored for an upload: photos that carry EXIF or XMP are re-encoded upright without
 * it, so their location does not travel with them; images get a preview made once. An image
 * sharp cannot decode is kept as sent, with no size and no preview.
 */
export async function prepare(bytes: Buffer, type: AttachmentType): Promise<Prepared> {
  if (type === 'application/pdf') return { bytes };
  const sharp = await loadSharp();
  if (!sharp) return { bytes };
  let stored = bytes;
  try {
    const meta = await sharp(bytes, { failOn: 'none' }).metadata();
    const format = reencoded[type as keyof typeof reencoded];
    if (format && (meta.exif || meta.xmp || meta.iptc)) {
      // No withMetadata: sharp writes none of the input's EXIF, XMP or IPTC.
      stored = await sharp(bytes, { failOn: 'none' })
        .rotate()
        .toFormat(format, format === 'jpeg' ? { quality: 90 } : {})
        .toBuffer();
    }
  } catch {
    return { bytes };
  }
  try {
    const { data, info } = await sharp(stored, { failOn: 'none' })
      .rotate()
      .resize(PREVIEW_PX, PREVIEW_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer({ resolveWithObject: true });
    const meta = await sharp(stored, { failOn: 'none' }).metadata();
    const sideways = (meta.orientation ?? 1) >= 5;
    return {
      bytes: stored,
      ...(meta.width && meta.height
        ? sideways
          ? { width: meta.height, height: meta.width }
          : { width: meta.width, height: meta.height }
        : {}),
      ...(info.size > 0 ? { preview: { contentType: 'image/webp', bytes: data } } : {}),
    };
  } catch {
    return { bytes: stored };
  }
}
