package dev.podpreset.api;

import java.util.regex.Pattern;

/** The syntax rules Kubernetes applies to label keys, label values and object names. */
public final class LabelSyntax {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private LabelSyntax() {
    }

    /** Returns null when {@code key} is a valid label key, else why not. */
    public static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            return "must not be empty";
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (!isDnsSubdomain(prefix)) {
                return "prefix must be a DNS subdomain";
            }
        }
        if (name.length() > 63 || !NAME.matcher(name).matches()) {
            return "name part must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric";
        }
        return null;
    }

    /** Returns null when {@code value} is a valid label value, else why not. */
    public static String checkValue(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 63 || !NAME.matcher(value).matches()) {
            return "must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric";
        }
        return null;
    }

    public static boolean isDnsLabel(String s) {
        return s != null && s.length() <= 63 && DNS_LABEL.matcher(s).matches();
    }

    public static boolean isDnsSubdomain(String s) {
        return s != null && s.length() <= 253 && DNS_SUBDOMAIN.matcher(s).matches();
    }
}
