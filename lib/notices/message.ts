// The text of an expiry notice. It names the credential by its name and hint (the prefix and
// last four characters, never the secret: Keyward does not have it), the kind, the date in
// UTC and where to create a replacement. Plain text: nothing a user typed is ever HTML here.
import { kindByCode } from "../credentials/kinds";
import { replacementPath } from "../credentials/replacement-path";
import type { Threshold } from "./thresholds";

export interface NoticeFacts {
  threshold: Threshold;
  daysLeft: number;
  credential: { id: string; kind: string; name: string; hint: string; expiresAt: Date };
  /** The owner's email when the recipient is not the owner (a super admin is told whose it is). */
  ownerEmail: string | null;
  recipientIsOwner: boolean;
  /** KEYWARD_URL; undefined (outside production only): the mail gives no link. */
  publicUrl: string | undefined;
}

export interface NoticeMessage {
  subject: string;
  text: string;
}

/** 2026-12-07 00:00 UTC */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A name as one line: a header must not be split by a newline a user typed. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

/** The absolute link to Create replacement, or null when this install has no public URL. */
export function replacementLink(publicUrl: string | undefined, kind: string, credentialId: string): string | null {
  const path = replacementPath(kind, credentialId);
  return publicUrl && path ? `${publicUrl}${path}` : null;
}

export function expiryMessage(facts: NoticeFacts): NoticeMessage {
  const { credential, threshold } = facts;
  const label = kindByCode(credential.kind)?.label ?? "credential";
  const name = oneLine(credential.name);
  const whose = facts.recipientIsOwner
    ? `Your ${label} "${name}"`
    : `The ${label} "${name}"${facts.ownerEmail ? ` of ${facts.ownerEmail}` : ""}`;
  const when =
    threshold === 0 ? "has expired" : `expires in ${facts.daysLeft} ${facts.daysLeft === 1 ? "day" : "days"}`;
  const subject = `${whose} ${when}`;
  const link = replacementLink(facts.publicUrl, credential.kind, credential.id);
  const text = [
    `${subject}.`,
    "",
    `Name: ${name}`,
    `Kind: ${label}`,
    `Credential: ${credential.hint}`,
    `${threshold === 0 ? "Expired" : "Expires"}: ${formatUtc(credential.expiresAt)}`,
    "",
    threshold === 0
      ? "It no longer works. Integrations that still use it are refused until they are given a replacement."
      : "After that date it stops working. Create a replacement now and move your integrations to it; the current one keeps working until its date.",
    "",
    link ? `Create a replacement: ${link}` : "Create a replacement from its screen in Keyward.",
    "",
    "You get this notice 30, 7 and 1 days before a credential expires and when it has expired.",
    "To stop these emails, switch off expiry notices on your Notifications page in Keyward.",
  ].join("\n");
  return { subject, text };
}
