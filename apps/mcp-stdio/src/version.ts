import { readPackageVersion } from "@ispn/runtime/config";

/** This app's version, from its package.json (`src/` and `dist/` both sit one level below it). */
export const APP_VERSION: string = readPackageVersion(new URL("../package.json", import.meta.url));
