/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
}

/** A build stage: its `FROM` image (build arguments resolved), its name and its instructions. */
export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** The stages of a Dockerfile, enough to check what each stage does (no full BuildKit grammar). */
export function parseDockerfile(text: string): Stage[] {
  const joined = text.replace(/\\\n/g, " ");
  const lines = joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = "", rest = ""] = line.match(/^(\S+)\s*(.*)$/) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: rest };
    if (instruction.keyword === "ARG" && stages.length === 0) {
      const [name, value = ""] = rest.split("=");
      args.set(name!, value);
    } else if (instruction.keyword === "FROM") {
      const [image = "", as, name] = rest.split(/\s+/);
      const resolved = image.replace(/\$\{?(\w+)\}?/g, (_, arg: string) => args.get(arg) ?? "");
      stages.push({ image: resolved, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** `ENV A=1 B=2` of a stage as a record. */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.instructions.filter((i) => i.keyword === "ENV")) {
    for (const pair of args.split(/\s+/)) {
      const [name, ...value] = pair.split("=");
      if (name) env[name] = value.join("=");
    }
  }
  return env;
}

/** The arguments of every instruction of a stage with this keyword. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}
