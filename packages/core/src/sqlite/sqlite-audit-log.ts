import { type AuditEntry, type AuditLog, type AuditQuery, auditLimit } from "../ports/audit-log.ts";
import type { SqliteDb } from "./sqlite-db.ts";

interface AuditRow {
  at: number;
  actor: string;
  via: string;
  tool: string;
  ticket_id: string | null;
  outcome: string;
  code: string | null;
  caller: string | null;
}

/** Audit log on SQLite: one row per write, kept for good (the table is small: no note bodies). */
export class SqliteAuditLog implements AuditLog {
  readonly #sql: SqliteDb;
  constructor(sql: SqliteDb) {
    this.#sql = sql;
  }
  async append(entry: AuditEntry): Promise<void> {
    this.#sql.run(() =>
      this.#sql
        .prepare(
          "INSERT INTO audit (at, actor, via, tool, ticket_id, outcome, code, caller) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          entry.at,
          entry.actor,
          entry.via,
          entry.tool,
          entry.ticketId ?? null,
          entry.outcome,
          entry.code ?? null,
          entry.caller ?? null,
        ),
    );
  }
  async query(query?: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const filters = [
      ["actor = ?", query?.actor],
      ["tool = ?", query?.tool],
      ["ticket_id = ?", query?.ticketId],
      ["at >= ?", query?.since],
    ] as const;
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      where.push(clause);
      params.push(value);
    }
    const sql = `SELECT at, actor, via, tool, ticket_id, outcome, code, caller FROM audit${
      where.length ? ` WHERE ${where.join(" AND ")}` : ""
    } ORDER BY at DESC, id DESC LIMIT ?`;
    const rows = this.#sql.run(
      () => this.#sql.prepare(sql).all(...params, auditLimit(query)) as unknown as AuditRow[],
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    at: row.at,
    actor: row.actor,
    via: row.via,
    tool: row.tool,
    ...(row.ticket_id === null ? {} : { ticketId: row.ticket_id }),
    outcome: row.outcome === "ok" ? "ok" : "error",
    ...(row.code === null ? {} : { code: row.code }),
    ...(row.caller === null ? {} : { caller: row.caller }),
  };
}
