/** Display name as schools print it; one place so every person type agrees. */
export function fullName(person: { givenName: string; familyName: string }): string {
  return `${person.givenName} ${person.familyName}`;
}

/** A shared screen's short name: given name and family initial (`Asha K.`), code-point safe. */
export function nameTag(person: { givenName: string; familyName: string }): string {
  const [initial] = Array.from(person.familyName.trim());
  return initial ? `${person.givenName} ${initial.toLocaleUpperCase()}.` : person.givenName;
}
