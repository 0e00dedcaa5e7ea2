"use client";
// Keyward's public origin (KEYWARD_URL, else the request's own), handed down once by the
// dashboard layout, so a secret shown once can come with a curl line naming this install.
import { createContext, useContext, type ReactNode } from "react";

const PublicOrigin = createContext<string | null>(null);

export function PublicOriginProvider({ origin, children }: { origin: string; children: ReactNode }) {
  return <PublicOrigin.Provider value={origin}>{children}</PublicOrigin.Provider>;
}

/** The origin the layout provided; outside it, the page's own (same host the browser reached). */
export function usePublicOrigin(): string {
  return useContext(PublicOrigin) ?? (typeof window === "undefined" ? "" : window.location.origin);
}
