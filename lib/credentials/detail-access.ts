// Who may open a credential's detail page (/credentials/<id>): a super admin any credential of
// their account, anyone else only their own. The page refuses the rest; every list asks here
// before it links a hint, so nobody is shown a link that ends in "not found".
import type { Role } from "../access/roles";

export interface CredentialViewer {
  id: string;
  role: Role;
}

/** Whether `viewer` may open the page of a credential of their account owned by `ownerId`. */
export function mayOpenCredential(viewer: CredentialViewer, ownerId: string | null): boolean {
  return viewer.role === "super_admin" || (ownerId !== null && ownerId === viewer.id);
}

/** The detail page of a credential. */
export function credentialPath(id: string): string {
  return `/credentials/${encodeURIComponent(id)}`;
}
