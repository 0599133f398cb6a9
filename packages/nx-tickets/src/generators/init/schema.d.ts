/** Options of the `nx-tickets:init` generator; schema.json is the source of truth. */
export interface InitGeneratorSchema {
  /** Project prefix of the example ticket key, default `EXAMPLE`. */
  prefix?: string;
  /** Folder for ticket files, default `tickets`. */
  dir?: string;
  skipFormat?: boolean;
}
