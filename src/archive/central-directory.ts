/**
 * A strict, allocation-lean reader of a zip's central directory, over a Buffer held in memory.
 * It reads headers only; inflating and every policy (caps, names, symlinks) stay with the caller.
 */

const EOCD_SIG = 0x06054b50;
const EOCD64_LOCATOR_SIG = 0x07064b50;
const EOCD64_SIG = 0x06064b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const LOCATOR_SIZE = 20;
const EOCD64_SIZE = 56;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
const ZIP64_EXTRA = 0x0001;
const FLAG_UTF8 = 0x0800;

/** Why an archive cannot be read; the message is meant for the report as is. */
export class ZipFormatError extends Error {}

/** The directory an EOCD candidate describes does not parse; an earlier candidate may. */
class BadCandidate extends ZipFormatError {}

/** One central-directory record. `name` is decoded once; `dataOffset` finds the data on demand. */
export interface CentralRecord {
  name: string;
  method: number;
  /** General purpose bit flags; bit 0 = encrypted, bit 11 = UTF-8 name. */
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  versionMadeBy: number;
  externalAttr: number;
}

export interface ReadOptions {
  /** Checked on the declared count before any record is read. */
  maxEntries: number;
}

const corrupt = (why: string): ZipFormatError => new BadCandidate(`truncated or corrupt zip: ${why}`);

interface Directory {
  count: number;
  offset: number;
  size: number;
}

/**
 * Lists the records of the central directory in order. Throws ZipFormatError: "not a zip
 * archive", "truncated or corrupt zip: …", "unsupported zip: …", "too many entries: …",
 * "ambiguous zip: …".
 */
export function readCentralDirectory(buf: Buffer, options: ReadOptions): CentralRecord[] {
  // Scanning backwards tries the last EOCD first; a signature that merely occurs in a comment
  // is passed over when the directory it points to does not parse.
  // The entry cap and duplicate names concern a directory that does parse, so they are final.
  let firstFailure: ZipFormatError | undefined;
  const stop = Math.max(0, buf.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = buf.length - EOCD_SIZE; at >= stop; at--) {
    if (buf[at] !== 0x50 || buf.readUInt32LE(at) !== EOCD_SIG) continue;
    try {
      const dir = locateDirectory(buf, at);
      if (dir.count > options.maxEntries) {
        throw new ZipFormatError(`too many entries: ${dir.count} in one archive, cap ${options.maxEntries}`);
      }
      return readRecords(buf, dir);
    } catch (err) {
      if (!(err instanceof BadCandidate)) throw err;
      firstFailure ??= err;
    }
  }
  if (firstFailure) throw firstFailure;
  const looksLikeZip = buf.length >= 4 && buf.readUInt32LE(0) === LOCAL_SIG;
  throw looksLikeZip ? corrupt('end of central directory not found') : new ZipFormatError('not a zip archive');
}

/** Reads the EOCD at `at` (and its ZIP64 record when present) and checks where the directory lies. */
function locateDirectory(buf: Buffer, at: number): Directory {
  // The record's comment must end the file. Otherwise an archive appended to another would be
  // read as the first one here, while unzippers that allow prepended bytes extract the second.
  const after = buf.length - (at + EOCD_SIZE + buf.readUInt16LE(at + 20));
  if (after < 0) throw corrupt('end of central directory runs past the end of the file');
  if (after > 0) throw corrupt(`${after} bytes follow the end of central directory`);
  let disk = buf.readUInt16LE(at + 4);
  let cdDisk = buf.readUInt16LE(at + 6);
  let diskCount = buf.readUInt16LE(at + 8);
  let count = buf.readUInt16LE(at + 10);
  let size = buf.readUInt32LE(at + 12);
  let offset = buf.readUInt32LE(at + 16);
  let end = at;
  const locator = at - LOCATOR_SIZE;
  if (locator >= 0 && buf.readUInt32LE(locator) === EOCD64_LOCATOR_SIG) {
    const totalDisks = buf.readUInt32LE(locator + 16);
    if (buf.readUInt32LE(locator + 4) !== 0 || totalDisks > 1) throw multiDisk(totalDisks);
    end = readU64(buf, locator + 8, at, 'ZIP64 end of central directory offset');
    if (end + EOCD64_SIZE > locator || buf.readUInt32LE(end) !== EOCD64_SIG) {
      throw corrupt('ZIP64 end of central directory not found where its locator points');
    }
    disk = buf.readUInt32LE(end + 16);
    cdDisk = buf.readUInt32LE(end + 20);
    diskCount = readU64(buf, end + 24, locator, 'ZIP64 entry count');
    count = readU64(buf, end + 32, locator, 'ZIP64 entry count');
    size = readU64(buf, end + 40, locator, 'ZIP64 central directory size');
    offset = readU64(buf, end + 48, locator, 'ZIP64 central directory offset');
  } else if (count === U16_MAX || size === U32_MAX || offset === U32_MAX) {
    throw corrupt('ZIP64 end of central directory locator missing');
  }
  if (disk !== 0 || cdDisk !== 0 || diskCount !== count) throw multiDisk(Math.max(disk, cdDisk) + 1);
  if (offset + size > end) throw corrupt('central directory lies outside the file');
  // Each record takes at least 46 bytes, so a count the directory cannot hold is a lie.
  if (count * CENTRAL_SIZE > size) throw corrupt(`end of central directory declares ${count} entries in ${size} bytes`);
  if (count > 0 && buf.readUInt32LE(offset) !== CENTRAL_SIG) throw corrupt('no central directory where the end record points');
  return { count, offset, size };
}

function multiDisk(disks: number): ZipFormatError {
  return new BadCandidate(`unsupported zip: split across ${Math.max(disks, 2)} disks (multi-disk archives are not read)`);
}

function readRecords(buf: Buffer, dir: Directory): CentralRecord[] {
  const records = new Array<CentralRecord>(dir.count);
  const end = dir.offset + dir.size;
  const seen = new Set<string>();
  let at = dir.offset;
  for (let i = 0; i < dir.count; i++) {
    if (at + CENTRAL_SIZE > end) throw badRecord(i, dir, 'runs past its end');
    if (buf.readUInt32LE(at) !== CENTRAL_SIG) throw badRecord(i, dir, 'has a bad signature');
    const flags = buf.readUInt16LE(at + 8);
    const nameStart = at + CENTRAL_SIZE;
    const extraStart = nameStart + buf.readUInt16LE(at + 28);
    const extraEnd = extraStart + buf.readUInt16LE(at + 30);
    const next = extraEnd + buf.readUInt16LE(at + 32);
    if (next > end) throw badRecord(i, dir, 'runs past its end');
    const name = decodeName(buf, nameStart, extraStart, (flags & FLAG_UTF8) !== 0);
    // Two records with one name would let different unzippers pick different content.
    if (seen.has(name)) throw new ZipFormatError(`ambiguous zip: entry ${JSON.stringify(name)} appears twice`);
    seen.add(name);
    let size = buf.readUInt32LE(at + 24);
    let compressedSize = buf.readUInt32LE(at + 20);
    let localHeaderOffset = buf.readUInt32LE(at + 42);
    if (size === U32_MAX || compressedSize === U32_MAX || localHeaderOffset === U32_MAX) {
      // The ZIP64 extra field holds, in this order, only the values whose 32-bit field is full.
      const field = findExtra(buf, extraStart, extraEnd, ZIP64_EXTRA);
      if (field < 0) throw corrupt(`entry ${name} needs a ZIP64 extra field and has none`);
      const fieldEnd = field + 4 + buf.readUInt16LE(field + 2);
      let pos = field + 4;
      const take = (): number => {
        const value = readU64(buf, pos, fieldEnd, `ZIP64 extra field of entry ${name}`);
        pos += 8;
        return value;
      };
      if (size === U32_MAX) size = take();
      if (compressedSize === U32_MAX) compressedSize = take();
      if (localHeaderOffset === U32_MAX) localHeaderOffset = take();
    }
    records[i] = {
      name,
      method: buf.readUInt16LE(at + 10),
      flags,
      crc32: buf.readUInt32LE(at + 16),
      compressedSize,
      size,
      localHeaderOffset,
      versionMadeBy: buf.readUInt16LE(at + 4),
      externalAttr: buf.readUInt32LE(at + 38),
    };
    at = next;
  }
  if (at !== end) throw corrupt(`central directory holds more than the ${dir.count} entries it declares`);
  return records;
}

function badRecord(i: number, dir: Directory, why: string): ZipFormatError {
  return corrupt(`central directory record ${i + 1} of ${dir.count} ${why}`);
}

/** Start of the extra block with `id` inside [from, to), or -1. */
function findExtra(buf: Buffer, from: number, to: number, id: number): number {
  for (let at = from; at + 4 <= to; ) {
    const length = buf.readUInt16LE(at + 2);
    if (at + 4 + length > to) return -1;
    if (buf.readUInt16LE(at) === id) return at;
    at += 4 + length;
  }
  return -1;
}

/** An unsigned 64-bit field inside [.., limit) as a Number; no Buffer holds 2^53 bytes anyway. */
function readU64(buf: Buffer, at: number, limit: number, what: string): number {
  if (at + 8 > limit) throw corrupt(`${what} is cut short`);
  const high = buf.readUInt32LE(at + 4);
  if (high >= 0x200000) throw corrupt(`${what} is implausibly large`);
  return high * 0x100000000 + buf.readUInt32LE(at);
}

/**
 * Where the compressed bytes of `record` start, after checking its local header and that all
 * `compressedSize` bytes lie inside `buf`. `label` names the entry in the message.
 */
export function dataOffset(buf: Buffer, record: CentralRecord, label: string = record.name): number {
  const at = record.localHeaderOffset;
  const outside = (): ZipFormatError => corrupt(`data of entry ${label} lies outside the file`);
  if (at + LOCAL_SIZE > buf.length) throw outside();
  if (buf.readUInt32LE(at) !== LOCAL_SIG) throw corrupt(`entry ${label} has no local header at offset ${at}`);
  const start = at + LOCAL_SIZE + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  if (start + record.compressedSize > buf.length) throw outside();
  return start;
}

// Code page 437, bytes 0x80-0xFF: what zip tools mean by a name without the UTF-8 flag.
export const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

export function decodeName(buf: Buffer, start: number, end: number, utf8: boolean): string {
  if (utf8) return buf.toString('utf8', start, end);
  let i = start;
  while (i < end && buf[i]! < 0x80) i++;
  // Nearly all names are ASCII, where latin1 decodes the same and fastest.
  if (i === end) return buf.toString('latin1', start, end);
  let name = buf.toString('latin1', start, i);
  for (; i < end; i++) {
    const byte = buf[i]!;
    name += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
  }
  return name;
}
