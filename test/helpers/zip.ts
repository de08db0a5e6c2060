/**
 * Test zips built in memory: ordinary ones through adm-zip, hostile ones (zip slip, zip bombs,
 * truncated, encrypted, symlinks) through a small hand-written zip writer that puts whatever
 * the caller says into the headers.
 */
import AdmZip from 'adm-zip';
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A normal deflated zip. Buffer values may themselves be zips (nested archives). */
export function buildZip(files: Record<string, string | Buffer>): Buffer {
  const zip = new AdmZip();
  for (const [name, content] of Object.entries(files)) {
    zip.addFile(name, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  }
  return zip.toBuffer();
}

export interface RawEntry {
  name: string;
  /** Uncompressed content; sizes and CRC are derived from it unless overridden. */
  data?: Buffer | string;
  /** Ready compressed bytes (with `method: 8`); then `size` and `crc` should be given. */
  compressed?: Buffer;
  /** 0 stored, 8 deflated (default). */
  method?: number;
  /** Declared uncompressed size, written as is (lie here). */
  size?: number;
  crc?: number;
  /** General purpose flags; bit 0 = encrypted. */
  flags?: number;
  /** Host system in "version made by" (3 = unix). */
  madeBy?: number;
  /** External attributes; unix mode in the high 16 bits. */
  externalAttr?: number;
}

/** Writes exactly what the entries say: no name checks, no size checks. */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 8;
    const plain = e.data === undefined ? undefined : Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const body = e.compressed ?? (plain === undefined ? Buffer.alloc(0) : method === 8 ? deflateRawSync(plain) : plain);
    const size = e.size ?? plain?.length ?? 0;
    const crc = e.crc ?? (plain === undefined ? 0 : crc32(plain));
    const flags = (e.flags ?? 0) | 0x0800; // UTF-8 names

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(((e.madeBy ?? 3) << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((e.externalAttr ?? (0o100644 << 16)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const MiB = 1024 * 1024;

/**
 * A raw deflate stream of `mib` MiB of zeros, built from independent 1 MiB blocks (full flush
 * resets the window), so neither building nor checking it needs the inflated bytes in memory.
 * Also returns the CRC-32 of the inflated content.
 */
export function deflatedZeros(mib: number): { compressed: Buffer; crc: number } {
  const chunk = Buffer.alloc(MiB);
  const block = deflateRawSync(chunk, { finishFlush: constants.Z_FULL_FLUSH });
  const last = deflateRawSync(Buffer.alloc(0));
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(chunk, crc);
  return { compressed: Buffer.concat([...Array.from({ length: mib }, () => block), last]), crc };
}

/** Header says `declaredBytes`; the data inflates to `inflatedMiB` MiB of zeros. */
export function lyingZipBomb(inflatedMiB = 512, declaredBytes = 1024, name = 'bomb.py'): Buffer {
  const { compressed, crc } = deflatedZeros(inflatedMiB);
  return rawZip([{ name: 'app.py', data: 'print("hi")\n' }, { name, compressed, method: 8, size: declaredBytes, crc }]);
}

/** Header tells the truth: `mib` MiB of zeros in one entry. */
export function honestZipBomb(mib = 100, name = 'big.py'): Buffer {
  const { compressed, crc } = deflatedZeros(mib);
  return rawZip([{ name, compressed, method: 8, size: mib * MiB, crc }]);
}

/** One file whose name escapes the extraction root. */
export function zipSlip(name = '../evil.py'): Buffer {
  return rawZip([
    { name: 'app.py', data: 'def handler(e, c):\n    return 1\n' },
    { name, data: 'import threading\n' },
  ]);
}

/** A valid zip cut short, so its central directory is gone. */
export function truncatedZip(zip: Buffer = buildZip({ 'app.py': 'x = 1\n'.repeat(200), 'lib/a.py': 'y = 2\n' })): Buffer {
  return zip.subarray(0, Math.floor(zip.length / 2));
}

export function notAZip(): Buffer {
  return Buffer.from('#!/bin/sh\necho this is not a zip archive at all, just some text\n'.repeat(3), 'utf8');
}

/** `count` tiny files. */
export function manyEntriesZip(count: number): Buffer {
  return rawZip(Array.from({ length: count }, (_, i) => ({ name: `f/${i}.txt`, data: '', method: 0 })));
}
