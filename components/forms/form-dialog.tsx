"use client";
// A "create" dialog: the trigger button, a fresh form each time it opens (its generation is
// the form's key, so a new request id and no earlier answer), and a page refresh when it
// closes. The form is not rendered while the dialog is closed, so a secret shown once leaves
// the page with the dialog. The form itself (fields, useFormAction) is the caller's.
import { useRouter } from "next/navigation";
import { Fragment, useEffect, type ReactNode } from "react";
import { DialogFrame, DialogTrigger, useDialog, type TriggerProps } from "./dialog";

export function FormDialog({
  title,
  titleId,
  trigger,
  width,
  openAtOnce = false,
  children,
}: {
  title: string;
  titleId: string;
  trigger: TriggerProps;
  width?: "md" | "lg" | "xl";
  /**
   * Opened as the page loads (a link such as /advertisers?create=1 that promises the form).
   * The `create` parameter is then dropped from the address, so a reload or a bookmark made
   * after the dialog closed does not open it again.
   */
  openAtOnce?: boolean;
  /** The form, given the function that closes the dialog (Cancel, Done). */
  children: (close: () => void) => ReactNode;
}) {
  const dialog = useDialog();
  const router = useRouter();
  const { open } = dialog;
  useEffect(() => {
    if (!openAtOnce) return;
    open();
    const url = new URL(window.location.href);
    if (!url.searchParams.has("create")) return;
    url.searchParams.delete("create");
    // The page rendered again without the parameter passes openAtOnce={false}; the dialog stays open.
    router.replace(`${url.pathname}${url.search}${url.hash}`, { scroll: false });
  }, [openAtOnce, open, router]);
  return (
    <>
      <DialogTrigger trigger={trigger} onOpen={dialog.open} />
      {/* The actions that show a secret do not revalidate (that would unmount the secret): the page is refreshed here. */}
      <DialogFrame control={dialog} title={title} titleId={titleId} width={width} onClose={() => router.refresh()}>
        {dialog.isOpen ? <Fragment key={dialog.generation}>{children(dialog.close)}</Fragment> : null}
      </DialogFrame>
    </>
  );
}
