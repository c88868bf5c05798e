package waybill.api;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import waybill.azure.PutJobParameters;

/**
 * Tenancy of the resources a job names: a customer's key may create a job only with a storage account in
 * a subscription the key covers, since an export job copies that account's blobs onto drives shipped to
 * the customer. Operators and admins are not restricted. docs/security.md.
 */
final class LinkedResources {
    static final String FIELD = "properties.storageAccountId";
    private static final Pattern STORAGE_ACCOUNT = Pattern.compile(
            "^/subscriptions/([^/]+)/resourceGroups/[^/]+/providers/Microsoft\\.(?:ClassicStorage|Storage)/"
                    + "storageAccounts/[^/]+$",
            Pattern.CASE_INSENSITIVE);

    private LinkedResources() {}

    /** Refuses (400 or 403, naming the field) a storage account outside the customer's subscriptions. */
    static void checkStorageAccount(PutJobParameters body, Set<String> subscriptions) {
        String id = body == null || body.getProperties() == null
                ? null
                : body.getProperties().getStorageAccountId();
        if (id == null || id.isBlank()) {
            return; // required: the rules refuse its absence, naming the field
        }
        Matcher m = STORAGE_ACCOUNT.matcher(id);
        if (!m.matches()) {
            throw new ApiException(
                    ErrorCode.InvalidRequestContent,
                    FIELD + " must be a storage account's resource id, /subscriptions/SUB/resourceGroups/RG/providers/"
                            + "Microsoft.Storage/storageAccounts/NAME, not '" + id + "'",
                    FIELD);
        }
        String sub = m.group(1).toLowerCase(Locale.ROOT);
        if (subscriptions.stream().noneMatch(s -> s.toLowerCase(Locale.ROOT).equals(sub))) {
            throw new ApiException(
                    ErrorCode.LinkedAuthorizationFailed,
                    "this key may not name a storage account of subscription " + m.group(1) + " in " + FIELD
                            + ": it covers only " + new java.util.TreeSet<>(subscriptions),
                    FIELD);
        }
    }
}
