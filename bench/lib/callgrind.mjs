// Reads a callgrind output file: the instructions spent in each function itself (not in what it called), with the
// addresses of V8's generated code named from the code map `node --perf-basic-prof` writes.

/** Self instructions by function name; JavaScript functions as `JS:<name> <file:line>` (tier marks dropped). */
export function functionCosts(callgrindText, perfMapText) {
  const codeMap = parseCodeMap(perfMapText);
  const names = new Map();
  const self = new Map();
  let current = '';
  let inCall = false;
  for (const line of callgrindText.split('\n')) {
    if (line.startsWith('fn=')) {
      current = compressedName(line.slice(3), names);
      inCall = false;
    } else if (line.startsWith('cfn=')) {
      compressedName(line.slice(4), names);
    } else if (line.startsWith('calls=')) {
      // The next cost line is the inclusive cost of that call, not the function's own.
      inCall = true;
    } else if (/^[+\-*\d]/.test(line)) {
      if (inCall) {
        inCall = false;
        continue;
      }
      const cost = Number(line.split(' ')[1]);
      if (Number.isFinite(cost)) self.set(current, (self.get(current) ?? 0) + cost);
    }
  }
  const named = new Map();
  for (const [name, cost] of self) {
    const key = nameOf(name, codeMap);
    named.set(key, (named.get(key) ?? 0) + cost);
  }
  return named;
}

// `(id) name` defines a compressed name, `(id)` reuses it.
function compressedName(text, names) {
  const match = /^\((\d+)\)(?: (.*))?$/.exec(text);
  if (match === null) return text;
  if (match[2] !== undefined) names.set(match[1], match[2]);
  return names.get(match[1]) ?? match[1];
}

function parseCodeMap(text) {
  const entries = [];
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line);
    if (match !== null) entries.push({ start: Number.parseInt(match[1], 16), size: Number.parseInt(match[2], 16), name: match[3] });
  }
  return entries.sort((a, b) => a.start - b.start);
}

function nameOf(name, codeMap) {
  const address = /^0x([0-9a-f]+)/.exec(name);
  if (address === null) return name;
  const at = Number.parseInt(address[1], 16);
  let low = 0;
  let high = codeMap.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const entry = codeMap[mid];
    if (at < entry.start) high = mid - 1;
    else if (at >= entry.start + entry.size) low = mid + 1;
    else return entry.name.replace(/^JS:[*~^+-]?/, 'JS:');
  }
  return 'generated code (unnamed)';
}
