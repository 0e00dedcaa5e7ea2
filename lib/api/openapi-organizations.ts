// The advertisers' and publishers' part of the OpenAPI document (lib/api/openapi.ts): the
// Invoca-style routes of lib/endpoints/organizations.ts, keyed by the network's own id, with the
// bodies and answers of lib/api/resources/organizations.ts. Each operation carries its curl
// example (x-codeSamples) from lib/api/curl-examples.ts, the seed's among them.
import { ORGANIZATION_EXAMPLES, organizationCurlExamples } from "./curl-examples";
import { AUTH_ERRORS, BODY_ERRORS, credentialRequirement, errorAnswer, jsonAnswer } from "./openapi-answers";
import { SUPPORTED_API_VERSIONS } from "./versions";
import { APPROVAL_STATUSES, DEFAULT_APPROVAL_STATUS, ID_FROM_NETWORK_PATTERN } from "../validations/organization";

type Kind = "advertiser" | "publisher";

const EXAMPLE = ORGANIZATION_EXAMPLES;

/** The view an answer carries (organizationView in lib/api/resources/organizations.ts). */
const exampleView = (kind: Kind) => ({
  id: "cmhx0a1b2c3d4e5f6g7h8i9j0",
  id_from_network: EXAMPLE[kind].id,
  name: EXAMPLE[kind].name,
  approval_status: DEFAULT_APPROVAL_STATUS,
  created_at: "2026-11-29T10:00:00.000Z",
  updated_at: "2026-11-29T10:00:00.000Z",
});

export const organizationSchemas = {
  ApprovalStatus: {
    type: "string",
    enum: [...APPROVAL_STATUSES],
    description: "Invoca's approval statuses; a new one is Approved unless the body says otherwise.",
  },
  Organization: {
    type: "object",
    description: "An advertiser or a publisher of the caller's network.",
    required: ["id", "id_from_network", "name", "approval_status", "created_at", "updated_at"],
    additionalProperties: false,
    properties: {
      id: { type: "string", description: "Keyward's own id; works in the path in place of id_from_network" },
      id_from_network: { type: "string", pattern: ID_FROM_NETWORK_PATTERN.source, description: "The network's id" },
      name: { type: "string", description: "Unique in the network, regardless of case" },
      approval_status: { $ref: "#/components/schemas/ApprovalStatus" },
      created_at: { type: "string", format: "date-time" },
      updated_at: { type: "string", format: "date-time" },
    },
  },
  OrganizationWrite: {
    type: "object",
    description:
      "The body of POST and PUT: the whole representation, keyed by the path's id_from_network. What a GET answered can be sent back as it is: its read-only fields are accepted and ignored. Any other field is a 400.",
    required: ["name"],
    additionalProperties: false,
    properties: {
      name: {
        type: "string",
        minLength: 1,
        maxLength: 200,
        description:
          "1-200 characters of visible text, spaces around it trimmed; unique in the network regardless of case (409 otherwise)",
      },
      approval_status: {
        $ref: "#/components/schemas/ApprovalStatus",
        description: `Left out: unchanged (${DEFAULT_APPROVAL_STATUS} for a new one), so re-sending a name never un-archives anything`,
      },
      id_from_network: {
        type: "string",
        description: "When given, it must be the path's (400 otherwise): the id is the path, never the body",
      },
      id: { type: "string", description: "Read-only: accepted and ignored" },
      created_at: { type: "string", description: "Read-only: accepted and ignored" },
      updated_at: { type: "string", description: "Read-only: accepted and ignored" },
      oauth_token: {
        type: "string",
        description: "Invoca: the API credential in the body instead of a header (a credential, never a field)",
      },
    },
  },
  AdvertiserPage: page("advertiser"),
  PublisherPage: page("publisher"),
};

function page(kind: Kind) {
  return {
    type: "object",
    description: `A page of the ${kind}s the caller reaches, by name`,
    required: [`${kind}s`, "page", "page_size", "total"],
    additionalProperties: false,
    properties: {
      [`${kind}s`]: { type: "array", items: { $ref: "#/components/schemas/Organization" } },
      page: { type: "integer", minimum: 1 },
      page_size: { type: "integer", const: 100 },
      total: { type: "integer", minimum: 0, description: `How many ${kind}s the caller reaches in all` },
    },
  };
}

const version = {
  name: "version",
  in: "path",
  required: true,
  schema: { type: "string", enum: [...SUPPORTED_API_VERSIONS] },
  example: SUPPORTED_API_VERSIONS[0],
  description: "An unknown version is a 404 that names the supported ones.",
};

const codeSample = (source: string | undefined) =>
  source ? { "x-codeSamples": [{ lang: "Shell", label: "curl", source }] } : {};

export function organizationPaths(kind: Kind) {
  const plural = `${kind}s`;
  const Kind = kind[0]!.toUpperCase() + kind.slice(1);
  const tag = `${Kind}s`;
  const read = `${kind}s:read` as const;
  const write = `${kind}s:write` as const;
  const examples = organizationCurlExamples("https://<host>", SUPPORTED_API_VERSIONS[0]);
  const confined =
    kind === "advertiser"
      ? "advertiser users only their own advertiser, publisher users none"
      : "publisher users only their own publisher, advertiser users none";
  const idFromNetwork = {
    name: "id_from_network",
    in: "path",
    required: true,
    schema: { type: "string", pattern: ID_FROM_NETWORK_PATTERN.source },
    example: EXAMPLE[kind].id,
    description: `The network's id of the ${kind} (letters, digits, - and _, up to 64); Keyward's generated id works too.`,
  };
  const view = (description: string) => jsonAnswer(description, "Organization", exampleView(kind));
  const notFound = errorAnswer(
    `not_found: an unknown API version, a path not ending in <id_from_network>.json, or no such ${kind} in the caller's network`,
  );
  const writeForbidden = errorAnswer(
    `insufficient_scope: the credential lacks ${write} (named in the answer); advertiser and publisher users never have it (read-only); or the credential is limited to chosen ${plural} and this one is not among them, whether it exists or not (such a credential cannot create a new ${kind} either)`,
  );
  const writeOperation = (method: "post" | "put") => ({
    tags: [tag],
    operationId: method === "post" ? `createOrUpdate${Kind}` : `put${Kind}`,
    summary: `Create or update the ${kind} with this id_from_network (needs ${write})`,
    description: `Idempotent: the same body again answers 200 with the same ${kind} and writes nothing. POST and PUT do the same (Invoca's network API takes either).`,
    ...credentialRequirement(write),
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: { $ref: "#/components/schemas/OrganizationWrite" },
          example: { name: EXAMPLE[kind].name },
        },
      },
    },
    responses: {
      "200": view(`Updated to the body, or already as it says (nothing written)`),
      "201": view(`Created under the path's id_from_network`),
      ...AUTH_ERRORS,
      "400": errorAnswer(
        "invalid_request: not a JSON object, name missing or not 1-200 characters of visible text, approval_status not one of Invoca's, id_from_network not the path's, an unknown field; or credentials in more than one place",
      ),
      "403": writeForbidden,
      "404": notFound,
      "409": errorAnswer(`conflict: another ${kind} of the network has this name (in any case)`),
      ...BODY_ERRORS,
    },
    ...codeSample(examples[`${method === "post" ? "createOrUpdate" : "put"}${Kind}`]),
  });

  return {
    [`/api/{version}/${plural}.json`]: {
      get: {
        tags: [tag],
        operationId: `list${Kind}s`,
        summary: `The ${plural} the caller reaches, by name, 100 a page (needs ${read})`,
        description: `Super admins and network users reach every ${kind} of their network; ${confined}. A credential limited to chosen ${plural} lists those only.`,
        parameters: [
          version,
          {
            name: "page",
            in: "query",
            schema: { type: "integer", minimum: 1, default: 1 },
            description: "Anything that is not a page number is page 1",
          },
        ],
        ...credentialRequirement(read),
        responses: {
          "200": jsonAnswer(`A page of ${plural}`, `${Kind}Page`),
          ...AUTH_ERRORS,
          "403": errorAnswer(`insufficient_scope: the credential lacks ${read} (named in the answer)`),
          "404": errorAnswer("not_found: an unknown API version (the description names the supported ones)"),
        },
        ...codeSample(examples[`list${Kind}s`]),
      },
    },
    [`/api/{version}/${plural}/{id_from_network}.json`]: {
      parameters: [version, idFromNetwork],
      get: {
        tags: [tag],
        operationId: `get${Kind}`,
        summary: `One ${kind} (needs ${read})`,
        ...credentialRequirement(read),
        responses: {
          "200": view(`The ${kind}`),
          ...AUTH_ERRORS,
          "403": errorAnswer(
            `insufficient_scope: the credential lacks ${read} (named in the answer), or its owner is confined to another ${kind}, or the credential is limited to chosen ${plural} and this is not one of them (the same answer whether this one exists or not)`,
          ),
          "404": notFound,
        },
        ...codeSample(examples[`get${Kind}`]),
      },
      post: writeOperation("post"),
      put: writeOperation("put"),
      delete: {
        tags: [tag],
        operationId: `delete${Kind}`,
        summary: `Delete the ${kind} (needs ${write})`,
        ...credentialRequirement(write),
        responses: {
          "204": { description: "Deleted" },
          ...AUTH_ERRORS,
          "403": writeForbidden,
          "404": notFound,
          "409": errorAnswer(`conflict: users still belong to this ${kind}; move or delete them first`),
        },
        ...codeSample(examples[`delete${Kind}`]),
      },
    },
  };
}
