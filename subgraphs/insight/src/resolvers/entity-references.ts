/** A School as the gateway hands it to insight: just the key identity resolved. */
export interface SchoolReference {
  id: string;
}
