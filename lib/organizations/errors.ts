// What the Advertisers and Publishers rules refuse, as data: the screens put `field`'s message
// next to that field, the API turns `reason` into its status (lib/api/resources/organizations.ts).

export type OrganizationRefusal =
  /** Not there, or not reachable by this caller: the same answer, so nothing leaks. */
  | "not_found"
  /** The caller may read it (or only its own) but not do this. */
  | "forbidden"
  /** Another one in the network has this id from network or this name. */
  | "taken"
  /** Users (and their credentials) still belong to it. */
  | "in_use";

export class OrganizationError extends Error {
  override name = "OrganizationError";
  constructor(
    readonly reason: OrganizationRefusal,
    message: string,
    readonly field?: "idFromNetwork" | "name",
  ) {
    super(message);
  }
}
