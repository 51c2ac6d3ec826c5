/**
 * The value of the last `--name=value` among Node's own arguments (`process.execArgv`), read as V8
 * reads its flags: `-` and `_` alike in the name, one leading dash or two. `undefined` when the
 * flag is absent or its value is not a number.
 */
export function lastNumericFlag(execArgv: readonly string[], name: string): number | undefined {
  let given: number | undefined;
  for (const arg of execArgv) {
    const match = /^--?([a-z_-]+)=(.*)$/.exec(arg);
    if (!match || match[1]?.replaceAll("_", "-") !== name) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) given = value;
  }
  return given;
}
