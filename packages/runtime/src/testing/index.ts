export { findOldNode } from "./old-node.ts";
