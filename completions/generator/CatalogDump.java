/*
 * Reads what one Flink version really knows (configuration keys, connector options, SQL keywords and built-in
 * functions) out of its jars by reflection, and prints it as one JSON document on stdout.
 *
 * It is run by completions/generator/generate.py, which compiles it with javac against the jars of the version
 * being dumped and turns its output into the catalogs in completions/<version>/. The dump is deliberately raw:
 * every decision about what is a SET key, what is deprecated and what was removed is made in the Python driver,
 * where it can be tested.
 *
 * Usage (classpath = the Flink jars of one version, plus the extracted planner jar):
 *   java CatalogDump --scan JAR... --factories ORIGIN=JAR[,JAR...] ... [--formats-from JAR...]
 */

import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

public final class CatalogDump {

    private static final byte[] CONFIG_OPTION_DESCRIPTOR =
            "Lorg/apache/flink/configuration/ConfigOption;".getBytes(StandardCharsets.US_ASCII);

    private final StringBuilder warnings = new StringBuilder();

    public static void main(String[] args) throws Exception {
        List<String> scanJars = new ArrayList<>();
        List<String[]> factoryJars = new ArrayList<>();
        List<String> formatJars = new ArrayList<>();
        String mode = "";
        for (String arg : args) {
            if (arg.startsWith("--")) {
                mode = arg;
                continue;
            }
            switch (mode) {
                case "--scan":
                    scanJars.add(arg);
                    break;
                case "--factories":
                    int eq = arg.indexOf('=');
                    factoryJars.add(new String[] {arg.substring(0, eq), arg.substring(eq + 1)});
                    break;
                case "--formats-from":
                    formatJars.add(arg);
                    break;
                default:
                    throw new IllegalArgumentException("unexpected argument " + arg);
            }
        }
        // Some static initialisers log through log4j/slf4j: keep stdout for the JSON only.
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        System.setOut(System.err);
        new CatalogDump().run(scanJars, factoryJars, formatJars, out);
    }

    private void run(List<String> scanJars, List<String[]> factoryJars, List<String> formatJars, PrintStream out)
            throws Exception {
        ClassLoader base = CatalogDump.class.getClassLoader();
        StringBuilder json = new StringBuilder(1 << 20);
        json.append("{\"options\":[");
        boolean first = true;
        for (String jar : scanJars) {
            for (String className : classesWithConfigOptions(jar)) {
                first = dumpOptionsOfClass(className, base, jar, json, first);
            }
        }
        json.append("],\"factories\":[");
        first = true;
        for (String[] entry : factoryJars) {
            String origin = entry[0];
            String[] jars = entry[1].split(",");
            URL[] urls = new URL[jars.length];
            for (int i = 0; i < jars.length; i++) {
                urls[i] = Path.of(jars[i]).toUri().toURL();
            }
            ClassLoader loader = new URLClassLoader(urls, base);
            for (String factoryClass : declaredFactories(jars[0])) {
                first = dumpFactory(factoryClass, loader, origin, json, first);
            }
        }
        for (String jar : formatJars) {
            for (String factoryClass : declaredFactories(jar)) {
                first = dumpFactory(factoryClass, base, "format:" + Path.of(jar).getFileName(), json, first);
            }
        }
        json.append("],\"sql\":");
        dumpSql(json);
        json.append(",\"state_backend_names\":");
        dumpStateBackendNames(json);
        json.append(",\"warnings\":");
        appendString(json, warnings.toString());
        json.append("}");
        out.println(json);
        out.flush();
    }

    // ---------------------------------------------------------------- configuration options

    /** Classes of `jar` (Flink's own, not shaded) whose bytecode mentions a ConfigOption field. */
    private List<String> classesWithConfigOptions(String jar) throws Exception {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String n = e.getName();
                if (!n.startsWith("org/apache/flink/") || !n.endsWith(".class") || n.contains("/shaded/")) {
                    continue;
                }
                if (n.contains("$") && !n.matches(".*\\$[A-Za-z][A-Za-z0-9_]*\\.class")) {
                    continue; // anonymous classes cannot declare public static fields
                }
                try (InputStream in = file.getInputStream(e)) {
                    if (contains(in.readAllBytes(), CONFIG_OPTION_DESCRIPTOR)) {
                        names.add(n.substring(0, n.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        names.sort(null);
        return names;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private boolean dumpOptionsOfClass(
            String className, ClassLoader loader, String jar, StringBuilder json, boolean first) {
        Class<?> cls;
        Field[] fields;
        try {
            cls = Class.forName(className, false, loader);
            fields = cls.getDeclaredFields();
        } catch (Throwable t) {
            warn("skip class " + className + ": " + t);
            return first;
        }
        Class<?> configOptionClass;
        try {
            configOptionClass = Class.forName("org.apache.flink.configuration.ConfigOption", false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        boolean classDeprecated = cls.isAnnotationPresent(Deprecated.class);
        for (Field f : fields) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) || !Modifier.isFinal(m) || !configOptionClass.isAssignableFrom(f.getType())) {
                continue;
            }
            Object option;
            try {
                f.setAccessible(true);
                option = f.get(null);
            } catch (Throwable t) {
                warn("skip field " + className + "." + f.getName() + ": " + t);
                continue;
            }
            if (option == null) {
                continue;
            }
            StringBuilder one = new StringBuilder();
            try {
                one.append("{\"class\":");
                appendString(one, className);
                one.append(",\"field\":");
                appendString(one, f.getName());
                one.append(",\"public\":").append(Modifier.isPublic(m) && Modifier.isPublic(cls.getModifiers()));
                one.append(",\"field_deprecated\":").append(f.isAnnotationPresent(Deprecated.class));
                one.append(",\"class_deprecated\":").append(classDeprecated);
                one.append(",\"excluded_from_docs\":").append(hasAnnotation(f, "ExcludeFromDocumentation"));
                one.append(",\"suffix_of\":");
                String suffixOf = annotationValue(f, "SuffixOption");
                if (suffixOf == null) {
                    one.append("null");
                } else {
                    appendString(one, suffixOf);
                }
                one.append(",\"jar\":");
                appendString(one, Path.of(jar).getFileName().toString());
                one.append(',');
                appendOptionBody(one, option);
                one.append('}');
            } catch (Throwable t) {
                warn("skip option " + className + "." + f.getName() + ": " + t);
                continue;
            }
            if (!first) {
                json.append(',');
            }
            json.append(one);
            first = false;
        }
        return first;
    }

    private static boolean hasAnnotation(Field f, String simpleName) {
        for (java.lang.annotation.Annotation a : f.getAnnotations()) {
            if (a.annotationType().getSimpleName().equals(simpleName)) {
                return true;
            }
        }
        return false;
    }

    /** The `value()` of an annotation on the field (e.g. Documentation.SuffixOption's key prefix), or null. */
    private static String annotationValue(Field f, String simpleName) {
        for (java.lang.annotation.Annotation a : f.getAnnotations()) {
            if (a.annotationType().getSimpleName().equals(simpleName)) {
                try {
                    Object v = a.annotationType().getMethod("value").invoke(a);
                    return v == null ? null : v.toString();
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** key, type, default, enum values, fallback keys and description of one ConfigOption. */
    private void appendOptionBody(StringBuilder json, Object option) throws Exception {
        Class<?> oc = option.getClass();
        String key = (String) oc.getMethod("key").invoke(option);
        Method getClazz = findMethod(oc, "getClazz");
        Method isList = findMethod(oc, "isList");
        Class<?> clazz = (Class<?>) getClazz.invoke(option);
        boolean list = (Boolean) isList.invoke(option);
        json.append("\"key\":");
        appendString(json, key);
        json.append(",\"clazz\":");
        appendString(json, clazz.getName());
        json.append(",\"list\":").append(list);
        json.append(",\"enum_values\":[");
        if (clazz.isEnum()) {
            Object[] constants = clazz.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                if (i > 0) {
                    json.append(',');
                }
                appendString(json, constants[i].toString());
            }
        }
        json.append("],\"default\":");
        boolean hasDefault = (Boolean) oc.getMethod("hasDefaultValue").invoke(option);
        if (hasDefault) {
            appendString(json, render(oc.getMethod("defaultValue").invoke(option)));
        } else {
            json.append("null");
        }
        json.append(",\"fallback_keys\":[");
        Iterable<?> fallbacks = (Iterable<?>) oc.getMethod("fallbackKeys").invoke(option);
        boolean firstKey = true;
        for (Object fk : fallbacks) {
            if (!firstKey) {
                json.append(',');
            }
            firstKey = false;
            json.append("{\"key\":");
            appendString(json, (String) fk.getClass().getMethod("getKey").invoke(fk));
            json.append(",\"deprecated\":").append(fk.getClass().getMethod("isDeprecated").invoke(fk));
            json.append('}');
        }
        json.append("],\"description\":");
        appendString(json, describe(option));
    }

    private static Method findMethod(Class<?> c, String name) throws NoSuchMethodException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    m.setAccessible(true);
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(c.getName() + "." + name);
    }

    private String describe(Object option) {
        try {
            Object description = option.getClass().getMethod("description").invoke(option);
            Class<?> fmt = Class.forName(
                    "org.apache.flink.configuration.description.HtmlFormatter", true, option.getClass().getClassLoader());
            Object formatter = fmt.getConstructor().newInstance();
            Method format = null;
            for (Method m : fmt.getMethods()) {
                if (m.getName().equals("format")
                        && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].getSimpleName().equals("Description")) {
                    format = m;
                }
            }
            return format == null ? "" : (String) format.invoke(formatter, description);
        } catch (Throwable t) {
            return "";
        }
    }

    /** A default value as Flink's own documentation prints it. */
    private static String render(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Duration) {
            try {
                Class<?> tu = Class.forName("org.apache.flink.util.TimeUtils");
                return (String) tu.getMethod("formatWithHighestUnit", Duration.class).invoke(null, value);
            } catch (Throwable t) {
                return value.toString();
            }
        }
        if (value instanceof Collection) {
            StringBuilder sb = new StringBuilder();
            for (Object o : (Collection<?>) value) {
                if (sb.length() > 0) {
                    sb.append(';');
                }
                sb.append(render(o));
            }
            return sb.toString();
        }
        if (value instanceof Map) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<?, ?> e : new TreeMap<>((Map<?, ?>) value).entrySet()) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(e.getKey()).append(':').append(render(e.getValue()));
            }
            return sb.toString();
        }
        return value.toString();
    }

    // ---------------------------------------------------------------- table factories

    private static List<String> declaredFactories(String jar) throws Exception {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            JarEntry e = file.getJarEntry("META-INF/services/org.apache.flink.table.factories.Factory");
            if (e == null) {
                return names;
            }
            try (InputStream in = file.getInputStream(e)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String l = line.trim();
                    if (!l.isEmpty() && !l.startsWith("#")) {
                        names.add(l);
                    }
                }
            }
        }
        return names;
    }

    private boolean dumpFactory(
            String className, ClassLoader loader, String origin, StringBuilder json, boolean first) {
        StringBuilder one = new StringBuilder();
        try {
            Class<?> cls = Class.forName(className, true, loader);
            Object factory = cls.getConstructor().newInstance();
            String kind = kindOf(cls, loader);
            if (kind == null) {
                return first; // catalogs, modules, catalog stores: not a 'connector' or 'format'
            }
            one.append("{\"class\":");
            appendString(one, className);
            one.append(",\"kind\":");
            appendString(one, kind);
            one.append(",\"origin\":");
            appendString(one, origin);
            one.append(",\"identifier\":");
            appendString(one, (String) cls.getMethod("factoryIdentifier").invoke(factory));
            one.append(",\"required\":");
            appendOptions(one, (Set<?>) cls.getMethod("requiredOptions").invoke(factory));
            one.append(",\"optional\":");
            appendOptions(one, (Set<?>) cls.getMethod("optionalOptions").invoke(factory));
            one.append('}');
        } catch (Throwable t) {
            warn("skip factory " + className + " (" + origin + "): " + t);
            return first;
        }
        if (!first) {
            json.append(',');
        }
        json.append(one);
        return false;
    }

    private static String kindOf(Class<?> cls, ClassLoader loader) {
        String[][] kinds = {
            {"org.apache.flink.table.factories.DynamicTableSourceFactory", "connector"},
            {"org.apache.flink.table.factories.DynamicTableSinkFactory", "connector"},
            {"org.apache.flink.table.factories.DecodingFormatFactory", "format"},
            {"org.apache.flink.table.factories.EncodingFormatFactory", "format"},
        };
        for (String[] k : kinds) {
            try {
                if (Class.forName(k[0], false, loader).isAssignableFrom(cls)) {
                    return k[1];
                }
            } catch (ClassNotFoundException e) {
                // not in this version
            }
        }
        return null;
    }

    private void appendOptions(StringBuilder json, Set<?> options) throws Exception {
        TreeMap<String, Object> byKey = new TreeMap<>();
        for (Object o : options) {
            byKey.put((String) o.getClass().getMethod("key").invoke(o), o);
        }
        json.append('[');
        boolean first = true;
        for (Object o : byKey.values()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append('{');
            appendOptionBody(json, o);
            json.append('}');
        }
        json.append(']');
    }

    // ---------------------------------------------------------------- SQL keywords and functions

    private void dumpSql(StringBuilder json) {
        Set<String> keywords = new TreeSet<>();
        Set<String> reserved = new TreeSet<>();
        Set<String> functions = new TreeSet<>();
        try {
            Class<?> constants = Class.forName("org.apache.flink.sql.parser.impl.FlinkSqlParserImplConstants");
            String[] images = (String[]) constants.getField("tokenImage").get(null);
            for (String image : images) {
                if (image.matches("\"[A-Z_][A-Z0-9_]*\"")) {
                    keywords.add(image.substring(1, image.length() - 1));
                }
            }
            Class<?> parserClass = Class.forName("org.apache.flink.sql.parser.impl.FlinkSqlParserImpl");
            Object parser = parserClass.getConstructor(java.io.Reader.class).newInstance(new StringReader(""));
            Object metadata = parserClass.getMethod("getMetadata").invoke(parser);
            Method isReserved = metadata.getClass().getMethod("isReservedWord", String.class);
            for (String k : keywords) {
                if ((Boolean) isReserved.invoke(metadata, k)) {
                    reserved.add(k);
                }
            }
        } catch (Throwable t) {
            warn("keywords: " + t);
        }
        try {
            Class<?> defs = Class.forName("org.apache.flink.table.functions.BuiltInFunctionDefinitions");
            for (Field f : defs.getFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Object def = f.get(null);
                if (def == null || !def.getClass().getSimpleName().equals("BuiltInFunctionDefinition")) {
                    continue;
                }
                Class<?> dc = def.getClass();
                if ((Boolean) dc.getMethod("isInternal").invoke(def)) {
                    continue;
                }
                // SQL-callable definitions are named in upper case (or carry an explicit SQL name); the
                // lower-camel ones ("charLength", "and") are Table API spellings of operators the operator
                // table below names for SQL.
                Object sqlName = dc.getMethod("getSqlName").invoke(def);
                String name = (String) dc.getMethod("getName").invoke(def);
                if (sqlName instanceof Optional && ((Optional<?>) sqlName).isPresent()) {
                    addFunction(functions, (String) ((Optional<?>) sqlName).get());
                } else if (name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
                    addFunction(functions, name);
                }
            }
        } catch (Throwable t) {
            warn("builtin functions: " + t);
        }
        try {
            Class<?> table = Class.forName("org.apache.flink.table.planner.functions.sql.FlinkSqlOperatorTable");
            Class<?> sqlFunction = Class.forName("org.apache.calcite.sql.SqlFunction");
            for (Field f : table.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && sqlFunction.isAssignableFrom(f.getType())) {
                    Object op = f.get(null);
                    if (op != null) {
                        addFunction(functions, (String) op.getClass().getMethod("getName").invoke(op));
                    }
                }
            }
        } catch (Throwable t) {
            warn("operator table: " + t);
        }
        json.append("{\"keywords\":");
        appendStrings(json, keywords);
        json.append(",\"reserved\":");
        appendStrings(json, reserved);
        json.append(",\"functions\":");
        appendStrings(json, functions);
        json.append('}');
    }

    private static void addFunction(Set<String> functions, String name) {
        if (name != null && name.matches("[A-Za-z_][A-Za-z0-9_]*") && !name.startsWith("$")) {
            functions.add(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The names state.backend.type accepts (the loader's *_STATE_BACKEND_NAME constants). */
    private void dumpStateBackendNames(StringBuilder json) {
        Set<String> names = new TreeSet<>();
        try {
            Class<?> loader = Class.forName("org.apache.flink.runtime.state.StateBackendLoader");
            for (Field f : loader.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        && f.getType() == String.class
                        && f.getName().endsWith("_STATE_BACKEND_NAME")) {
                    f.setAccessible(true);
                    names.add((String) f.get(null));
                }
            }
        } catch (Throwable t) {
            warn("state backend names: " + t);
        }
        appendStrings(json, names);
    }

    // ---------------------------------------------------------------- JSON

    private void warn(String message) {
        warnings.append(message).append('\n');
    }

    private static void appendStrings(StringBuilder json, Collection<String> values) {
        json.append('[');
        boolean first = true;
        for (String v : values) {
            if (!first) {
                json.append(',');
            }
            first = false;
            appendString(json, v);
        }
        json.append(']');
    }

    private static void appendString(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    json.append("\\\"");
                    break;
                case '\\':
                    json.append("\\\\");
                    break;
                case '\n':
                    json.append("\\n");
                    break;
                case '\r':
                    json.append("\\r");
                    break;
                case '\t':
                    json.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
            }
        }
        json.append('"');
    }
}
