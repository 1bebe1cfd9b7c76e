package io.madoguchi.core.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Counts the statements executed and the transactions committed through a data source, per role of the calling
 * thread (the thread's name after its last '/'), so a test can say how many round trips each kind of work costs.
 */
final class StatementCounter {

    private final Map<String, LongAdder> statements = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> commits = new ConcurrentHashMap<>();

    /**
     * @param target the data source to count on
     * @return a data source that counts every statement and commit made through it, then makes them on
     *     {@code target}
     */
    DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
            forward(target, (m, result) -> {
                if (result instanceof Connection c && m.getName().equals("getConnection")) {
                    return connection(c);
                }
                return result;
            }));
    }

    private Connection connection(Connection target) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
            forward(target, (m, result) -> {
                if (m.getName().equals("commit")) {
                    commits.computeIfAbsent(role(), k -> new LongAdder()).increment();
                }
                if (result instanceof Statement s) {
                    return statement(s, m.getReturnType());
                }
                return result;
            }));
    }

    private Object statement(Statement target, Class<?> type) {
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
            forward(target, (m, result) -> {
                if (m.getName().startsWith("execute")) {
                    statements.computeIfAbsent(role(), k -> new LongAdder()).increment();
                }
                return result;
            }));
    }

    /** @return statements executed per role of the calling threads */
    Map<String, Long> statements() {
        return snapshot(statements);
    }

    /** @return transactions committed per role of the calling threads */
    Map<String, Long> commits() {
        return snapshot(commits);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static String role() {
        String name = Thread.currentThread().getName();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private interface After {
        Object apply(Method method, Object result);
    }

    private static InvocationHandler forward(Object target, After after) {
        return (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, result);
        };
    }
}
