// Reads a zipped rules folder in the browser, the way the service's RulesetZip reads it (the top
// folder "rules/" or the profile folders themselves; hidden files and __MACOSX skipped), so the
// candidate that was validated can also be sent for impact analysis and publication as files.
// Stored and deflated entries; deflate is undone by the browser's own DecompressionStream.

const DECIDING = ['.drl', '.yaml', '.yml', '.csv'];
const MAX_TOTAL = 20 * 1024 * 1024;

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function stripTopFolder(names) {
  if (names.includes('baseline/profile.yaml')) return (n) => n;
  const first = names[0];
  const slash = first.indexOf('/');
  if (slash < 0) return (n) => n;
  const top = first.slice(0, slash + 1);
  if (!names.every((n) => n.startsWith(top))) return (n) => n;
  return (n) => n.slice(top.length);
}

/** The deciding files of the zip as [{path, content}], sorted by path; throws Error with a Chinese sentence. */
export async function readRulesZip(file) {
  const buf = new Uint8Array(await file.arrayBuffer());
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('所选文件不是 zip 压缩包。');
  const count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || dv.getUint32(p, true) !== 0x02014b50) throw new Error('zip 目录已损坏。');
    const method = dv.getUint16(p + 10, true);
    const size = dv.getUint32(p + 20, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const offset = dv.getUint32(p + 42, true);
    const name = new TextDecoder().decode(buf.subarray(p + 46, p + 46 + nameLen)).replace(/\\/g, '/');
    entries.push({ name, method, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const kept = entries.filter((e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/')
    && !e.name.includes('/.') && !e.name.startsWith('.'));
  for (const e of kept) {
    if (e.name.startsWith('/') || e.name.includes('../')) throw new Error(`zip 中的 ${e.name} 指向规则文件夹之外。`);
  }
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!kept.length) throw new Error('zip 中没有文件。');
  const rename = stripTopFolder(kept.map((e) => e.name));
  const files = [];
  let total = 0;
  for (const e of kept) {
    const path = rename(e.name);
    const dot = path.lastIndexOf('.');
    if (dot < 0 || !DECIDING.includes(path.slice(dot).toLowerCase())) continue;
    const nameLen = dv.getUint16(e.offset + 26, true);
    const extraLen = dv.getUint16(e.offset + 28, true);
    const start = e.offset + 30 + nameLen + extraLen;
    const raw = buf.subarray(start, start + e.size);
    let bytes;
    if (e.method === 0) bytes = raw;
    else if (e.method === 8) bytes = await inflate(raw);
    else throw new Error(`zip 中的 ${e.name} 使用了不支持的压缩方式。`);
    total += bytes.length;
    if (total > MAX_TOTAL) throw new Error('zip 解压后超过 20 MB。');
    try {
      files.push({ path, content: utf8.decode(bytes) });
    } catch (err) {
      throw new Error(`${path} 不是 UTF-8 文本。`);
    }
  }
  if (!files.length) throw new Error('zip 中没有规则文件（.drl、.yaml、.csv）。');
  return files;
}
