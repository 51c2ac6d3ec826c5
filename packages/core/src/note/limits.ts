/** Length limits of notes, in characters. */
export const NOTE_LIMITS = {
  /** The 4-line note a voice agent sends with a handoff. */
  handoff: { min: 10, max: 350 },
  /** A general note added to a ticket. */
  general: { min: 10, max: 1000 },
} as const;

export type NoteKind = keyof typeof NOTE_LIMITS;
