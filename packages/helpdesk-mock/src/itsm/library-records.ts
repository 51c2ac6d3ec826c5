import type { PersonRecord } from "../records.ts";

/** A knowledge-base solution (reference §7: `/solutions`, title + topic [S]). */
export interface SolutionRecord {
  id: string;
  displayId: string;
  title: string;
  /** HTML. */
  description: string;
  topic: string;
  keywords: string[];
  isPublic: boolean;
  createdAt: number;
  updatedAt: number;
}

/** An asset (reference §7: `/assets`, name + product [S]); `user` is the person using it. */
export interface AssetRecord {
  id: string;
  name: string;
  product: string;
  productType: string;
  assetTag?: string;
  serialNumber?: string;
  state: string;
  user?: PersonRecord;
  site?: string;
  location?: string;
  ipAddress?: string;
  macAddress?: string;
  createdAt: number;
}

/** A project (reference §7: `/projects`, title [S]); read only through the API here. */
export interface ProjectRecord {
  id: string;
  displayId: string;
  title: string;
  description: string;
  status: string;
  priority?: string;
  owner?: PersonRecord;
  projectType?: string;
  scheduledStart?: number;
  scheduledEnd?: number;
  percentageCompletion: number;
  createdAt: number;
}
