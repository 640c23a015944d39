package io.twotower.engine.kernels;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of the kernels package running at one register width, for tests.
 *
 * <p>The species is a {@code static final} constant read from {@code twotower.vector.bits} when
 * {@link VectorKernels} is initialised (a parameter would defeat the JIT). To test 128-bit, 256-bit and the
 * scalar path in one JVM, each variant loads its own copy of the package's main classes in an isolated,
 * child-first class loader while the property is set; each copy therefore has its own constant.
 * The {@code preferred} variant is the ordinary copy on the test class path.
 *
 * <p>Calls go through reflection by class and method name, with the production public signatures (or, with
 * {@link #callPackagePrivate}, a package-private one).
 */
final class KernelVariant {
    private static final String PACKAGE = "io.twotower.engine.kernels.";

    final String name;
    /** Lanes the variant's VectorKernels reports (1 on the scalar path). */
    final int lanes;
    private final ClassLoader loader;

    private KernelVariant(String name, ClassLoader loader) {
        this.name = name;
        this.loader = loader;
        this.lanes = (Integer) call("VectorKernels", "lanes");
    }

    static final KernelVariant PREFERRED = new KernelVariant("preferred", KernelVariant.class.getClassLoader());
    static final KernelVariant BITS_128 = isolated("128");
    static final KernelVariant BITS_256 = isolated("256");
    static final KernelVariant SCALAR = isolated("0");

    /** Every width the tests run: 128, 256, the host's preferred one, and the scalar switch. */
    static List<KernelVariant> all() { return List.of(BITS_128, BITS_256, PREFERRED, SCALAR); }

    /**
     * The vectorised widths only (the scalar switch delegates to ScalarKernels); the preferred copy is left
     * out if the whole JVM was started with twotower.vector.bits=0.
     */
    static List<KernelVariant> vectorised() {
        return all().stream().filter(variant -> variant.lanes > 1).toList();
    }

    /**
     * A new copy of the package at the host's preferred width, loaded now: its methods have never run,
     * so its first calls run in the interpreter.
     */
    static KernelVariant freshPreferred() {
        String bits = System.getProperty("twotower.vector.bits");
        return isolated(bits == null ? "" : bits);
    }

    private static synchronized KernelVariant isolated(String bits) {
        URL mainClasses = VectorKernels.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader loader = new ChildFirst(mainClasses, KernelVariant.class.getClassLoader());
        String previous = System.getProperty("twotower.vector.bits");
        System.setProperty("twotower.vector.bits", bits);
        try {
            Class.forName(PACKAGE + "VectorKernels", true, loader);   // reads the property now, once
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        } finally {
            if (previous == null) System.clearProperty("twotower.vector.bits");
            else System.setProperty("twotower.vector.bits", previous);
        }
        return new KernelVariant(bits.equals("0") ? "scalar" : bits.isEmpty() ? "fresh preferred" : bits + "-bit", loader);
    }

    /** Calls the public static method {@code simpleClass.method} with these arguments. */
    Object call(String simpleClass, String method, Object... args) {
        return invoke(find(simpleClass, method, args.length, false), args);
    }

    /**
     * Calls the package-private static method {@code simpleClass.method} (such as {@code Matmul.transposeRows}).
     * Each copy is a different runtime package, so the method is made accessible first.
     */
    Object callPackagePrivate(String simpleClass, String method, Object... args) {
        return invoke(find(simpleClass, method, args.length, true), args);
    }

    /** Looked-up methods by "class.method/arity": a warm-up loop makes many calls, each lookup is a scan. */
    private final Map<String, Method> methods = new ConcurrentHashMap<>();

    private Method find(String simpleClass, String method, int arity, boolean packagePrivate) {
        return methods.computeIfAbsent(simpleClass + "." + method + "/" + arity + (packagePrivate ? "p" : ""), key -> {
            try {
                Class<?> type = Class.forName(PACKAGE + simpleClass, true, loader);
                for (Method candidate : packagePrivate ? type.getDeclaredMethods() : type.getMethods()) {
                    if (candidate.getName().equals(method) && candidate.getParameterCount() == arity
                            && Modifier.isStatic(candidate.getModifiers())) {
                        if (packagePrivate) candidate.setAccessible(true);
                        return candidate;
                    }
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalArgumentException("no " + (packagePrivate ? "" : "public ") + "static " + simpleClass + "."
                    + method + " with " + arity + " parameters");
        });
    }

    private static Object invoke(Method method, Object[] args) {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() { return name; }

    /** Loads this package's classes from the main class directory itself; everything else from the parent. */
    private static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL mainClasses, ClassLoader parent) { super(new URL[] {mainClasses}, parent); }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(PACKAGE)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) type = findClass(name);
                if (resolve) resolveClass(type);
                return type;
            }
        }
    }
}
