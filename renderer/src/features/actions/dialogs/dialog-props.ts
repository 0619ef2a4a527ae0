/** What every action dialog body is given: the captured incident ids and how to close. */
export interface DialogBodyProps {
  incidentIds: readonly string[];
  onDone(): void;
}
