/** The four fields of the 4-line handoff note. */
export interface FourLineNote {
  category: string;
  escalationReason: string;
  /** One line, no line breaks. */
  summary: string;
  /** 0..1 */
  confidence: number;
}

/**
 * Renders the 4-line note:
 * ```
 * Category: WiFi
 * Reason: TwoStepsNoResolve
 * Summary: Customer unable to connect after power outage
 * Confidence: 0.85
 * ```
 * Line breaks inside the summary are folded to spaces so the note always has four lines.
 */
export function renderNote(note: FourLineNote): string {
  const summary = note.summary.replace(/\s*[\r\n]+\s*/g, " ").trim();
  return [
    `Category: ${note.category}`,
    `Reason: ${note.escalationReason}`,
    `Summary: ${summary}`,
    `Confidence: ${String(note.confidence)}`,
  ].join("\n");
}
