package io.madoguchi.examples.cli;

/** Gives tests a fresh command object of the tool (its constructor is private). */
final class MadoguchiCliAccess {

    private MadoguchiCliAccess() {
    }

    static Object root() throws ReflectiveOperationException {
        var c = MadoguchiCli.class.getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }
}
