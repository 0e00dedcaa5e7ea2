import { describe, expect, it } from "vitest";
import {
  changePasswordFormSchema,
  editUserFormSchema,
  parseNewUserForm,
  setPasswordFormSchema,
  type NewUserField,
} from "./user-forms";

const form = (fields: Partial<Record<NewUserField, string | null>>): Record<NewUserField, string | null> => ({
  email: "New.Person@Example.test",
  name: "New Person",
  role: "network_user",
  status: "active",
  password: "a good long password",
  advertiserId: null,
  publisherId: null,
  apiUser: null,
  ...fields,
});

describe("the Manage Users forms", () => {
  it("parses a New User form, normalising the email", () => {
    expect(parseNewUserForm(form({}))).toEqual({
      success: true,
      data: {
        email: "new.person@example.test",
        name: "New Person",
        role: "network_user",
        status: "active",
        password: "a good long password",
        advertiserId: undefined,
        publisherId: undefined,
        apiUser: false,
      },
    });
  });

  it("an API user (no sign-in) needs no password, and any typed one is dropped; unverified ones are refused", () => {
    expect(parseNewUserForm(form({ apiUser: "on", password: "" }))).toMatchObject({
      success: true,
      data: { apiUser: true, password: undefined },
    });
    expect(parseNewUserForm(form({ apiUser: "on", password: "typed but unused" }))).toMatchObject({
      success: true,
      data: { apiUser: true, password: undefined },
    });
    expect(parseNewUserForm(form({ apiUser: "on", status: "unverified" }))).toMatchObject({
      success: false,
      errors: { status: ['Users in "Unverified" status may not be designated as API Users'] },
    });
    // Without the box ticked the password is required as before.
    expect(parseNewUserForm(form({ password: "" }))).toMatchObject({
      success: false,
      errors: { password: ["Use at least 12 characters"] },
    });
  });

  it("reports every bad field of a New User form at once, the advertiser among them", () => {
    const result = parseNewUserForm(
      form({ email: "nope", name: " ", role: "advertiser_user", status: null, password: "short" }),
    );
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(Object.keys(result.errors).sort()).toEqual(["advertiserId", "email", "name", "password", "status"]);
    expect(result.errors.advertiserId).toEqual(["Choose the advertiser this user belongs to"]);
    expect(result.errors.status).toEqual(["Choose a status"]);
    expect(parseNewUserForm(form({ role: "" }))).toMatchObject({ success: false, errors: { role: ["Choose a role"] } });
    expect(parseNewUserForm(form({ role: "publisher_user" }))).toMatchObject({
      success: false,
      errors: { publisherId: ["Choose the publisher this user belongs to"] },
    });
  });

  it("keeps the advertiser only for advertiser users and the publisher only for publisher users", () => {
    expect(
      parseNewUserForm(form({ role: "advertiser_user", advertiserId: "adv1", publisherId: "pub1" })),
    ).toMatchObject({ success: true, data: { advertiserId: "adv1", publisherId: undefined } });
    expect(parseNewUserForm(form({ role: "network_user", advertiserId: "adv1" }))).toMatchObject({
      success: true,
      data: { advertiserId: undefined },
    });
  });

  it("reads the Set As API User checkbox as ticked only when sent", () => {
    const base = { name: "N", role: "network_user", status: "active" };
    expect(editUserFormSchema.parse({ ...base, isApiUser: "on" }).isApiUser).toBe(true);
    expect(editUserFormSchema.parse({ ...base, isApiUser: null }).isApiUser).toBe(false);
    expect(editUserFormSchema.safeParse({ ...base, role: "root", isApiUser: null }).success).toBe(false);
  });

  it("refuses a new password over bcrypt's 72 bytes on every form, counting bytes, not characters", () => {
    const message = "Use at most 72 bytes (UTF-8): letters outside ASCII count 2 to 4 bytes each, emoji 4";
    // 25 characters but 75 bytes; 72 ASCII characters are exactly 72 bytes and fine.
    const long = "€".repeat(25);
    expect(parseNewUserForm(form({ password: long }))).toMatchObject({
      success: false,
      errors: { password: [message] },
    });
    expect(setPasswordFormSchema.safeParse({ password: long, confirmPassword: long }).error?.issues[0]).toMatchObject({
      path: ["password"],
      message,
    });
    expect(
      changePasswordFormSchema.safeParse({
        currentPassword: "old password 123",
        newPassword: long,
        confirmPassword: long,
      }).error?.issues[0],
    ).toMatchObject({ path: ["newPassword"], message });
    expect(setPasswordFormSchema.safeParse({ password: "a".repeat(72), confirmPassword: "a".repeat(72) }).success).toBe(
      true,
    );
    expect(setPasswordFormSchema.safeParse({ password: "a".repeat(73), confirmPassword: "a".repeat(73) }).success).toBe(
      false,
    );
  });

  it("wants a new password typed twice alike, and different from the current one", () => {
    expect(
      setPasswordFormSchema.safeParse({ password: "a good long password", confirmPassword: "a good long password" })
        .success,
    ).toBe(true);
    expect(
      setPasswordFormSchema.safeParse({ password: "a good long password", confirmPassword: "another" }).error
        ?.issues[0],
    ).toMatchObject({ path: ["confirmPassword"] });
    expect(
      changePasswordFormSchema.safeParse({
        currentPassword: "old password 123",
        newPassword: "old password 123",
        confirmPassword: "old password 123",
      }).error?.issues[0],
    ).toMatchObject({ path: ["newPassword"] });
    expect(
      changePasswordFormSchema.safeParse({
        currentPassword: "",
        newPassword: "a good long password",
        confirmPassword: "a good long password",
      }).error?.issues[0],
    ).toMatchObject({ path: ["currentPassword"] });
  });
});
