import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";

/**
 * The SDK's default JSON Schema validator (Ajv with formats), created on first use instead of in the
 * server's constructor. The server uses it only to check an elicitation answer, which these tools
 * never ask for; creating Ajv costs several milliseconds of every cold start (and of every server an
 * HTTP transport builds per request).
 */
export function lazyJsonSchemaValidator(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return {
    getValidator(schema) {
      ajv ??= new AjvJsonSchemaValidator();
      return ajv.getValidator(schema);
    },
  };
}
