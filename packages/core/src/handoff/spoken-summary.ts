/**
 * A sentence a voice agent can read aloud. Ticket numbers are spaced digit by digit in groups
 * ("1 0 4 2") only when long; short display ids read naturally as numbers.
 */
export function spokenSummary(args: {
  created: boolean;
  ticketNumber: string;
  category: string;
  outage: boolean;
  /** Outage tickets as problems: the ticket is the caller's own, linked to the outage's problem. */
  ownTicketOfOutage?: boolean;
}): string {
  const number = speakable(args.ticketNumber);
  if (args.ownTicketOfOutage) {
    const known = "This is a known outage in your area, and our team is working on it.";
    return args.created
      ? `${known} I've opened ticket number ${number} for you, and you'll be updated when service is restored.`
      : `${known} Your earlier call is on your ticket number ${number}; I've added this call to it.`;
  }
  const issue = args.category === "Other" ? "your issue" : `your ${args.category} issue`;
  if (args.created) {
    return `I've opened ticket number ${number} for ${issue}. A technician will follow up with you.`;
  }
  if (args.outage) {
    return `This is a known outage and it is already on ticket number ${number}. I've added your call to it, and you'll be updated when service is restored.`;
  }
  return `There is already an open ticket, number ${number}, for ${issue}. I've added the details of this call to it.`;
}

function speakable(ticketNumber: string): string {
  return ticketNumber.length > 6 ? ticketNumber.split("").join(" ") : ticketNumber;
}

/** What the agent says when the handoff was queued: the reference, letter by letter, and what happens next. */
export function queuedSpokenSummary(reference: string): string {
  const spelled = reference.replace("-", "").split("").join(" ");
  return `I've recorded your request under reference ${spelled}. Our ticket system is slow to respond right now, so a technician will follow up with you under that reference.`;
}
