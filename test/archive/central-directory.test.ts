import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  CP437_HIGH,
  dataOffset,
  readCentralDirectory,
  ZipFormatError,
  type CentralRecord,
} from '../../src/archive/central-directory.js';
import { openZip } from '../../src/archive/index.js';
import { buildZip, notAZip, rawZip, truncatedZip } from '../helpers/zip.js';

interface Entry {
  /** A Buffer is written as is (CP437 bytes); a string as UTF-8. */
  name: string | Buffer;
  data: string | Buffer;
  /** Sets general purpose bit 11. Default: true for string names. */
  utf8?: boolean;
}

interface WriteOptions {
  /** Sizes and offsets only in ZIP64 extra fields, counts only in the ZIP64 end record. */
  zip64?: boolean;
  comment?: Buffer;
}

/** Stored entries, every header field exact; ZIP64 on request. Offsets into the result of `parts`. */
function writeZip(entries: Entry[], options: WriteOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const push = (b: Buffer): void => {
    parts.push(b);
    offset += b.length;
  };
  for (const e of entries) {
    const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name, 'utf8');
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const flags = (e.utf8 ?? !Buffer.isBuffer(e.name)) ? 0x0800 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(flags, 6);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const at = offset;
    push(local);
    push(name);
    push(data);

    const extra = Buffer.alloc(options.zip64 ? 28 : 0);
    if (options.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4); // size
      extra.writeBigUInt64LE(BigInt(data.length), 12); // compressed size
      extra.writeBigUInt64LE(BigInt(at), 20); // local header offset
    }
    const full = options.zip64 ? 0xffffffff : undefined;
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(full ?? data.length, 20);
    central.writeUInt32LE(full ?? data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(full ?? at, 42);
    centrals.push(central, name, extra);
  }
  const cd = Buffer.concat(centrals);
  const cdOffset = offset;
  push(cd);
  if (options.zip64) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(entries.length), 24);
    end64.writeBigUInt64LE(BigInt(entries.length), 32);
    end64.writeBigUInt64LE(BigInt(cd.length), 40);
    end64.writeBigUInt64LE(BigInt(cdOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset), 8);
    locator.writeUInt32LE(1, 16);
    push(end64);
    push(locator);
  }
  const comment = options.comment ?? Buffer.alloc(0);
  push(eocd(options.zip64 ? 0xffff : entries.length, options.zip64 ? 0xffffffff : cd.length, options.zip64 ? 0xffffffff : cdOffset, comment.length));
  push(comment);
  return Buffer.concat(parts);
}

function eocd(count: number, cdSize: number, cdOffset: number, commentLength = 0): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(cdOffset, 16);
  end.writeUInt16LE(commentLength, 20);
  return end;
}

const read = (zip: Buffer, maxEntries = 100_000): CentralRecord[] => readCentralDirectory(zip, { maxEntries });
const names = (zip: Buffer): string[] => read(zip).map((r) => r.name);
const content = (zip: Buffer, r: CentralRecord): string => {
  const start = dataOffset(zip, r);
  return zip.subarray(start, start + r.compressedSize).toString();
};

function refused(zip: Buffer, message: RegExp, maxEntries?: number): void {
  assert.throws(() => read(zip, maxEntries), (err: unknown) => {
    assert.ok(err instanceof ZipFormatError, `expected ZipFormatError, got ${String(err)}`);
    assert.match(err.message, message);
    return true;
  });
}

/** Offset of the end record a plain (non-ZIP64, no comment) zip ends with. */
const eocdAt = (zip: Buffer): number => zip.length - 22;

describe('readCentralDirectory', () => {
  it('reads every field of each record, in directory order', () => {
    const zip = rawZip([
      { name: 'b.py', data: 'b = 2\n', method: 0 },
      { name: 'a.py', data: 'import threading\n'.repeat(20), flags: 1, externalAttr: (0o120777 << 16) >>> 0 },
    ]);
    const [b, a] = read(zip);
    assert.deepEqual(b, {
      name: 'b.py',
      method: 0,
      flags: 0x0800,
      crc32: crc32('b = 2\n'),
      compressedSize: 6,
      size: 6,
      localHeaderOffset: 0,
      versionMadeBy: (3 << 8) | 20,
      externalAttr: (0o100644 << 16) >>> 0,
    });
    assert.equal(a!.method, 8);
    assert.equal(a!.flags & 1, 1);
    assert.equal(a!.size, 17 * 20);
    assert.ok(a!.compressedSize < a!.size);
    assert.equal(a!.localHeaderOffset, 30 + 4 + 6);
    assert.equal(a!.externalAttr >>> 16, 0o120777);
    assert.equal(content(zip, b!), 'b = 2\n');
  });

  it('reads what adm-zip writes', () => {
    const zip = buildZip({ 'app.py': 'x = 1\n', 'lib/': Buffer.alloc(0), 'lib/u.py': 'u = 2\n' });
    assert.deepEqual(names(zip).sort(), ['app.py', 'lib/', 'lib/u.py']);
  });

  it('gives the data as a view into the buffer, not a copy', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a = 1\n' }]);
    const [r] = read(zip);
    const start = dataOffset(zip, r!);
    zip[start] = 0x62; // 'b'
    assert.equal(content(zip, r!), 'b = 1\n');
  });

  it('reads an empty archive', () => {
    assert.deepEqual(read(writeZip([])), []);
  });

  it('reads ZIP64: counts from the ZIP64 end record, sizes and offsets from the 0x0001 extra field', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a = 1\n' }, { name: 'b/c.py', data: 'import threading\n' }], { zip64: true });
    const records = read(zip);
    assert.deepEqual(records.map((r) => [r.name, r.size, r.compressedSize]), [['a.py', 6, 6], ['b/c.py', 17, 17]]);
    assert.equal(records[1]!.localHeaderOffset, 30 + 4 + 6);
    assert.equal(content(zip, records[1]!), 'import threading\n');
    const pkg = openZip(zip, 'pkg.zip');
    assert.equal(pkg.entries.find((e) => e.path === 'b/c.py')!.read().toString(), 'import threading\n');
  });

  it('refuses a ZIP64 entry whose extra field is missing or short', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a' }], { zip64: true });
    const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const short = Buffer.from(zip);
    short.writeUInt16LE(8, cd + 46 + 4 + 2); // the field now holds only the size
    refused(short, /^truncated or corrupt zip: ZIP64 extra field of entry a\.py is cut short$/);
    const none = Buffer.from(zip);
    none.writeUInt16LE(0x5455, cd + 46 + 4); // a different extra field id
    refused(none, /^truncated or corrupt zip: entry a\.py needs a ZIP64 extra field and has none$/);
  });

  it('refuses 0xFFFF counts without a ZIP64 locator', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a' }]);
    zip.writeUInt16LE(0xffff, eocdAt(zip) + 10);
    refused(zip, /^truncated or corrupt zip: ZIP64 end of central directory locator missing$/);
  });

  it('decodes names as CP437 without bit 11 and as UTF-8 with it', () => {
    assert.equal(CP437_HIGH.length, 128);
    const zip = writeZip([
      { name: Buffer.from([0x63, 0x61, 0x66, 0x82, 0x2e, 0x70, 0x79]), data: '' }, // caf\x82.py
      { name: Buffer.from([0x80, 0x9b, 0xe1, 0xff, 0x2f, 0x78]), data: '' },
      { name: 'naïve.py', data: '' },
      { name: Buffer.from('plain/ascii.py'), data: '' },
    ]);
    assert.deepEqual(names(zip), ['café.py', 'Ç¢ß\u00a0/x', 'naïve.py', 'plain/ascii.py']);
  });

  it('refuses a central directory that points outside the buffer', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a' }]);
    zip.writeUInt32LE(zip.length, eocdAt(zip) + 16);
    refused(zip, /^truncated or corrupt zip: central directory lies outside the file$/);
    const big = writeZip([{ name: 'a.py', data: 'a' }]);
    big.writeUInt32LE(0x7fffffff, eocdAt(big) + 12);
    refused(big, /^truncated or corrupt zip: central directory lies outside the file$/);
  });

  it('refuses a record or name that runs past the directory', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a' }, { name: 'b.py', data: 'b' }]);
    const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(0xfff0, cd + 28); // name length of the first record
    refused(zip, /^truncated or corrupt zip: central directory record 1 of 2 runs past its end$/);
  });

  it('refuses entry counts that lie', () => {
    const entries = [{ name: 'a.py', data: 'a' }, { name: 'b.py', data: 'b' }];
    const more = writeZip(entries);
    more.writeUInt16LE(3, eocdAt(more) + 8);
    more.writeUInt16LE(3, eocdAt(more) + 10);
    refused(more, /^truncated or corrupt zip: end of central directory declares 3 entries in 100 bytes$/);
    const fewer = writeZip(entries);
    fewer.writeUInt16LE(1, eocdAt(fewer) + 8);
    fewer.writeUInt16LE(1, eocdAt(fewer) + 10);
    refused(fewer, /^truncated or corrupt zip: central directory holds more than the 1 entries it declares$/);
    // Plausible by size (long names) but only one record is really there.
    const padded = writeZip([{ name: 'x'.repeat(60), data: '' }]);
    padded.writeUInt16LE(2, eocdAt(padded) + 8);
    padded.writeUInt16LE(2, eocdAt(padded) + 10);
    refused(padded, /^truncated or corrupt zip: central directory record 2 of 2 runs past its end$/);
  });

  it('checks the entry cap on the declared count, before reading any record', () => {
    const zip = rawZip(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, data: '', method: 0 })));
    const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(0, cd + 46 + 2); // spoil the second record
    refused(zip, /^too many entries: 50 in one archive, cap 49$/, 49);
    refused(zip, /^truncated or corrupt zip: central directory record 2 of 50 has a bad signature$/, 50);
  });

  it('reads an archive with a comment after the end record', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a' }], { comment: Buffer.from('built by the release job') });
    assert.deepEqual(names(zip), ['a.py']);
    const zip64 = writeZip([{ name: 'a.py', data: 'a' }], { zip64: true, comment: Buffer.alloc(65_535, 0x20) });
    assert.deepEqual(names(zip64), ['a.py']);
  });

  it('refuses an end record whose comment runs past the end of the file', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a' }], { comment: Buffer.from('abc') });
    refused(zip.subarray(0, zip.length - 1), /^truncated or corrupt zip: end of central directory runs past the end of the file$/);
  });

  it('takes the last end record whose directory parses', () => {
    // A stored file that holds a whole end record of its own, pointing at nothing sensible.
    const fake = Buffer.concat([Buffer.from('data '), eocd(7, 7 * 46, 3), Buffer.from(' more')]);
    const inData = writeZip([{ name: 'a.bin', data: fake }, { name: 'b.py', data: 'b' }]);
    assert.deepEqual(names(inData), ['a.bin', 'b.py']);
    // A comment ending in an end record that also ends the file: tried first, its directory
    // (offset 0, a local header) does not parse, so the real one wins.
    const inComment = writeZip([{ name: 'a.py', data: 'a' }], { comment: Buffer.concat([Buffer.from('x'), eocd(1, 46, 0, 1), Buffer.from('!')]) });
    assert.deepEqual(names(inComment), ['a.py']);
  });

  it('refuses bytes after the end record, so an appended archive is not read as the first', () => {
    const first = writeZip([{ name: 'first.py', data: '1' }]);
    const appended = Buffer.concat([first, writeZip([{ name: 'second.py', data: '2' }])]);
    refused(appended, /^truncated or corrupt zip: no central directory where the end record points$/);
    refused(Buffer.concat([first, Buffer.alloc(7)]), /^truncated or corrupt zip: 7 bytes follow the end of central directory$/);
  });

  it('refuses multi-disk archives', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a' }]);
    zip.writeUInt16LE(2, eocdAt(zip) + 4); // this is disk 3
    zip.writeUInt16LE(2, eocdAt(zip) + 6);
    refused(zip, /^unsupported zip: split across 3 disks \(multi-disk archives are not read\)$/);
    const zip64 = writeZip([{ name: 'a.py', data: 'a' }], { zip64: true });
    zip64.writeUInt32LE(4, zip64.length - 22 - 20 + 16); // locator: 4 disks in all
    refused(zip64, /^unsupported zip: split across 4 disks/);
  });

  it('refuses duplicate names', () => {
    refused(writeZip([{ name: 'a.py', data: '1' }, { name: 'a.py', data: '2' }]), /^ambiguous zip: entry "a\.py" appears twice$/);
  });

  it('tells "not a zip archive" from a truncated zip', () => {
    refused(notAZip(), /^not a zip archive$/);
    refused(Buffer.alloc(0), /^not a zip archive$/);
    refused(Buffer.from('PK\x05\x06'), /^not a zip archive$/);
    refused(truncatedZip(), /^truncated or corrupt zip: end of central directory not found$/);
  });
});

describe('dataOffset', () => {
  it('checks the local header signature and that the data lies inside the buffer', () => {
    const zip = writeZip([{ name: 'a.py', data: 'a = 1\n' }]);
    const [r] = read(zip);
    assert.equal(dataOffset(zip, r!), 30 + 4);
    assert.throws(() => dataOffset(zip, { ...r!, localHeaderOffset: 1 }), { message: 'truncated or corrupt zip: entry a.py has no local header at offset 1' });
    assert.throws(() => dataOffset(zip, { ...r!, compressedSize: zip.length }), { message: 'truncated or corrupt zip: data of entry a.py lies outside the file' });
    assert.throws(() => dataOffset(zip, { ...r!, localHeaderOffset: zip.length - 10 }, 'x.zip!/a.py'), { message: 'truncated or corrupt zip: data of entry x.zip!/a.py lies outside the file' });
  });
});
