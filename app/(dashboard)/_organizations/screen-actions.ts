// The server actions the Advertisers and Publishers pages hand their shared screen
// (components/ never import from app/).
import type { OrganizationActions } from "@/components/organizations/organization-dialogs";
import { createOrganizationAction, deleteOrganizationAction, editOrganizationAction } from "./actions";

export const ORGANIZATION_ACTIONS: OrganizationActions = {
  create: createOrganizationAction,
  edit: editOrganizationAction,
  delete: deleteOrganizationAction,
};
