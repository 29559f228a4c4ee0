package io.outpost.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the fields fabric8 could not map: it does not reject an unknown field, it keeps it
 * in the nearest object's additionalProperties. This walks every typed object reachable
 * through getters and reports each such field by its path ("spec.template.spec.containers[0].securityContxt").
 */
final class UnknownFields {

    private UnknownFields() {
    }

    static List<String> of(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                walk(element, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, element) -> walk(element, path + "[" + key + "]", found, seen));
            return;
        }
        if (!isModel(value.getClass()) || !seen.add(value)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (!isGetter(getter)) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
                }
                continue;
            }
            walk(child, join(path, property(getter)), found, seen);
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.") || name.startsWith("io.outpost.");
    }

    private static boolean isGetter(Method method) {
        String name = method.getName();
        return method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers())
                && method.getReturnType() != void.class
                && !name.equals("getClass")
                && ((name.startsWith("get") && name.length() > 3) || (name.startsWith("is") && name.length() > 2));
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            // Derived getters (e.g. HasMetadata#getPlural) may refuse; they carry no rendered data.
            return null;
        }
    }

    private static String property(Method getter) {
        String name = getter.getName();
        String bare = name.startsWith("is") ? name.substring(2) : name.substring(3);
        return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
