/** Text for matching: accents removed, lower case ("Lycée" matches "lycee"). */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}
