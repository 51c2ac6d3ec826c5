import {
  type CountryCode,
  getCountries,
  type PhoneNumber,
  parsePhoneNumberWithError,
} from "libphonenumber-js/max";
import { LRUCache } from "lru-cache";
import { fail, ok, type Result } from "./result.ts";

const COUNTRIES = new Set<string>(getCountries());

/**
 * Parsing with full metadata costs 50–100 µs: each number is parsed once. Normalised numbers (per
 * input and region) and their masks (per E.164) are kept for repeat callers, 10 000 of each at most.
 */
const normalised = new LRUCache<string, Result<string>>({ max: 10_000 });
const masks = new LRUCache<string, string>({ max: 10_000 });

/** True when `region` is an ISO 3166-1 alpha-2 code libphonenumber knows ("US", "GB", …). */
export function isPhoneRegion(region: string): region is CountryCode {
  return COUNTRIES.has(region);
}

/**
 * Normalises a phone number in any common format ("(415) 555-0123", "+44 20 7946 0958",
 * "001 415 555 0123", "tel:+14155550123") to E.164 ("+14155550123"). National numbers are read in
 * `defaultRegion` (default "US"). Impossible or invalid numbers are refused with a message that says
 * what to send instead.
 */
export function normalizePhone(input: string, defaultRegion = "US"): Result<string> {
  const cacheKey = `${defaultRegion}|${input}`;
  const known = normalised.get(cacheKey);
  if (known) return known;
  const result = parseOnce(input, defaultRegion);
  normalised.set(cacheKey, result);
  return result;
}

function parseOnce(input: string, defaultRegion: string): Result<string> {
  const raw = input.trim().replace(/^tel:/i, "");
  if (raw === "")
    return fail([{ path: "", message: "is empty; send the caller's number, e.g. +14155550123" }]);
  if (!/^[\d\s()+.\-/]+$/.test(raw)) {
    return fail([
      { path: "", message: `"${raw}" is not a phone number: use digits, spaces, ( ) - . and a leading +` },
    ]);
  }
  const region = isPhoneRegion(defaultRegion) ? defaultRegion : "US";
  try {
    const parsed = parsePhoneNumberWithError(raw, { defaultCountry: region });
    if (!parsed.isValid()) {
      // Why not, for the message: a valid number is a possible one, so this check waits for a refusal.
      const why = parsed.isPossible() ? "is not a valid number in" : "has the wrong number of digits for";
      return fail([{ path: "", message: `"${raw}" ${why} ${parsed.country ?? region}` }]);
    }
    const masked = maskParsed(parsed);
    if (masked !== undefined) masks.set(parsed.number, masked);
    return ok(parsed.number);
  } catch {
    return fail([
      {
        path: "",
        message: `"${raw}" could not be read as a phone number; send it in international form, e.g. +14155550123`,
      },
    ]);
  }
}

/**
 * Masks a phone number for logs: country code and last four digits stay ("+1******0123").
 * Works on any string; never returns more than the last four digits of the input.
 */
export function maskPhone(phone: string | undefined): string | undefined {
  if (phone === undefined) return undefined;
  const known = masks.get(phone);
  if (known !== undefined) return known;
  const digits = phone.replace(/\D/g, "");
  if (digits.length <= 4) return "*".repeat(digits.length);
  if (phone.trim().startsWith("+")) {
    try {
      const masked = maskParsed(parsePhoneNumberWithError(phone));
      if (masked !== undefined) return masked;
    } catch {
      // fall through to the generic mask
    }
  }
  return `${"*".repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/** "+1******0123" from a parsed number; `undefined` when its national part has 4 digits or fewer. */
function maskParsed(parsed: PhoneNumber): string | undefined {
  const national = parsed.nationalNumber;
  if (national.length <= 4) return undefined;
  return `+${parsed.countryCallingCode}${"*".repeat(national.length - 4)}${national.slice(-4)}`;
}
