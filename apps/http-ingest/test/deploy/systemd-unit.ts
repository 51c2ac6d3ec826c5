/** A systemd unit file: section → key → every value given (keys such as SystemCallFilter repeat). */
export type Unit = Record<string, Record<string, string[]>>;

/** Parses a unit file's `[Section]` and `Key=value` lines (comments and blank lines skipped). */
export function parseUnit(text: string): Unit {
  const unit: Unit = {};
  let section: Record<string, string[]> | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = line.match(/^\[(.+)\]$/);
    if (header) {
      section = unit[header[1]!] ?? {};
      unit[header[1]!] = section;
      continue;
    }
    const match = line.match(/^([A-Za-z]+)=(.*)$/);
    if (!match || !section) throw new Error(`not a unit file line: ${line}`);
    const values = section[match[1]!] ?? [];
    values.push(match[2]!);
    section[match[1]!] = values;
  }
  return unit;
}
