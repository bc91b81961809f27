/**
 * The name a person carries in presence (the list of who is here, and the label on their caret):
 * their display name and organisation. The server checks that every awareness state a socket
 * sends carries exactly this for the signed-in user, so nobody can appear as someone else.
 */
export function presenceName(person: { name: string; organisation: string }): string {
  return `${person.name} (${person.organisation})`;
}
