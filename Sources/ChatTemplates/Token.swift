/// One token of a template, as Jinja's lexer produces it: text between tags, tag delimiters, and the pieces of
/// the expressions and statements inside tags. Comments and whitespace inside tags produce no token.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case text(String)
        case blockBegin, blockEnd  // {% %}
        case variableBegin, variableEnd  // {{ }}
        case name(String)
        case string(String)  // escapes already decoded
        case integer(Int)
        case float(Double)
        case op(String)  // + - * / // % ** ~ == != < <= > >= = . : | , ( ) [ ] { } ;
        case end
    }

    var kind: Kind
    var location: SourceLocation

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .text: return "template text"
        case .blockBegin: return "'{%'"
        case .blockEnd: return "'%}'"
        case .variableBegin: return "'{{'"
        case .variableEnd: return "'}}'"
        case .name(let name): return "'\(name)'"
        case .string(let value): return "string \(PythonText.repr(value))"
        case .integer(let value): return "'\(value)'"
        case .float(let value): return "'\(PythonText.floatRepr(value))'"
        case .op(let op): return "'\(op)'"
        case .end: return "end of template"
        }
    }
}
