/** One nginx directive: `name args…;` or a block `name args… { children }`. */
export interface Directive {
  name: string;
  args: string[];
  children?: Directive[];
}

/** Parses nginx configuration syntax (comments, quotes, blocks); throws on unbalanced braces. */
export function parseNginx(text: string): Directive[] {
  const tokens = [...text.matchAll(/#[^\n]*|"(?:[^"\\]|\\.)*"|'[^']*'|[{};]|[^\s{};"']+/g)]
    .map((m) => m[0])
    .filter((t) => !t.startsWith("#"));
  let at = 0;
  const block = (): Directive[] => {
    const out: Directive[] = [];
    let words: string[] = [];
    while (at < tokens.length) {
      const token = tokens[at++]!;
      if (token === ";") {
        out.push({ name: words[0]!, args: words.slice(1) });
        words = [];
      } else if (token === "{") {
        out.push({ name: words[0]!, args: words.slice(1), children: block() });
        words = [];
      } else if (token === "}") {
        return out;
      } else {
        words.push(token.replace(/^["']|["']$/g, ""));
      }
    }
    return out;
  };
  const top = block();
  if (at !== tokens.length) throw new Error("unbalanced braces");
  return top;
}

/** Every block (`name … { }`, not a simple directive) with this name, at any depth. */
export function findBlocks(directives: Directive[], name: string): Directive[] {
  return directives.flatMap((d) => [
    ...(d.name === name && d.children ? [d] : []),
    ...(d.children ? findBlocks(d.children, name) : []),
  ]);
}

/**
 * The headers a `proxy_pass` in `location` sends, as nginx decides them: a level's
 * `proxy_set_header` lines replace every inherited one, so the innermost level that has any wins.
 */
export function effectiveProxyHeaders(levels: Directive[][]): Map<string, string> {
  for (const level of [...levels].reverse()) {
    const own = level.filter((d) => d.name === "proxy_set_header");
    if (own.length > 0) return new Map(own.map((d) => [d.args[0]!.toLowerCase(), d.args.slice(1).join(" ")]));
  }
  return new Map();
}

/** The last value of a directive on the innermost level that sets it (nginx inheritance). */
export function effectiveValue(levels: Directive[][], name: string): string | undefined {
  for (const level of [...levels].reverse()) {
    const own = level.filter((d) => d.name === name);
    if (own.length > 0) return own.at(-1)!.args.join(" ");
  }
  return undefined;
}

/** `64k`, `32m`, `1g` or bytes as a number of bytes. */
export function nginxSize(size: string): number {
  const match = size.toLowerCase().match(/^(\d+)([kmg]?)$/);
  if (!match) throw new Error(`not an nginx size: ${size}`);
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2] as "" | "k" | "m" | "g"];
  return Number(match[1]) * unit;
}
