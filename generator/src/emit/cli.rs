//! `examples/<crate>.rs`: a command-line tool shaped like the AWS CLI, one
//! subcommand per operation.
//!
//! Argument parsing, printing and exit codes are the runtime's (`cli`
//! feature); this emitter writes only what the model decides: the flags of
//! each operation, how a parsed value becomes an input member, and how an
//! output becomes JSON with the model's member names.

use super::cli_print::{struct_write_fn, union_write_fn, writer_name};
use super::paths::{builder_path, rust_type, type_path};
use super::structure::build_is_fallible;
use super::walk::{self, Leaf, List, Map, Visitor};
use crate::ir::{Member, Operation, Service, Structure, TypeDef, TypeRef, Union};
use crate::model::ShapeId;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The body of `examples/<crate>.rs`.
pub fn emit_example(service: &Service, lib_name: &str, bin_name: &str) -> TokenStream {
    let krate = format_ident!("{}", lib_name);
    let title = service
        .title
        .clone()
        .unwrap_or_else(|| service.sdk_id.clone());
    let commands: Vec<&Operation> = service.operations.iter().collect();
    let mut usage = format!("usage: {bin_name} <command> [options]\n\n{title}\n\ncommands:\n");
    for op in &commands {
        usage.push_str(&format!("  {}\n", op.cli_name));
    }
    let waiter_names: Vec<String> = service
        .operations
        .iter()
        .flat_map(|op| {
            op.waiters
                .iter()
                .map(|w| crate::naming::kebab_case(&w.name))
        })
        .collect();
    if !waiter_names.is_empty() {
        usage.push_str("  wait <waiter>\n\nwaiters (the polled command's options, and --max-wait SECONDS, default 600):\n");
        for name in &waiter_names {
            usage.push_str(&format!("  {name}\n"));
        }
    }
    usage.push_str(
        "\noptions of every command:\n  --region REGION\n  --endpoint-url URL\n  --cli-input-json JSON\n  --cli-read-timeout SECONDS (default 60, 0 for none)\n  --cli-connect-timeout SECONDS (0 for none)\n  --query JMESPATH\n  --output json|text|table\n  --debug\n\nA parameter value of file://PATH is read from the file, fileb://PATH as bytes.\n",
    );
    if service
        .operations
        .iter()
        .any(|op| cli_pagination(service, op).is_some())
    {
        usage.push_str(
            "\nPaginated commands fetch every page and merge the results; they also take\n  --max-items N (then print a NextToken)\n  --starting-token TOKEN\n  --page-size N\n  --no-paginate\n",
        );
    }
    let doc = format!(
        "`{bin_name}`: a command-line tool for {title}, shaped like the AWS CLI.\n\n\
         ```text\n{usage}```\n\n\
         Success prints the output as JSON (or `--output text|table`, after \
         `--query`); a service error exits with 254, invalid \
         parameters with 252 (nothing is sent), anything else with 255. Region, \
         credentials, endpoint, proxies and CA bundle come from the same places as \
         for the library (environment variables and the shared AWS config files). \
         `--debug` (or `RUST_LOG`) prints what the client does to standard error."
    );
    let doc = crate::docs::Docs::from_markdown(doc).to_inner_attrs();
    let (arms, command_items): (Vec<_>, Vec<_>) = commands
        .iter()
        .map(|op| command_items(service, op, &krate))
        .unzip();
    // Commands without streams run through `execute`.
    let execute = commands
        .iter()
        .any(|op| !streams_output(service, op))
        .then(|| execute_fn(&krate));
    let wait_fns = wait_fns(service);
    let wait_arm = wait_fns
        .is_some()
        .then(|| quote!("wait" => wait(rest).await,));
    let read = read_types(service);
    let readers = service
        .types
        .iter()
        .filter(|(id, _)| read.contains(*id))
        .filter_map(|(id, def)| match def {
            TypeDef::Structure(s) if !service.operations.iter().any(|op| &op.input == id) => {
                Some(struct_reader(service, s))
            }
            TypeDef::Union(u) => Some(union_reader(service, u)),
            _ => None,
        });
    let printed = printed_types(service);
    let writers = service
        .types
        .iter()
        .filter(|(id, _)| printed.contains(*id))
        .filter_map(|(_, def)| match def {
            // An output that is only an event stream is printed event by
            // event, never as an object.
            TypeDef::Structure(s)
                if s.members.len() == 1
                    && matches!(s.members[0].ty, TypeRef::EventStream { .. }) =>
            {
                None
            }
            TypeDef::Structure(s) => Some(struct_write_fn(service, s)),
            TypeDef::Union(u) => Some(union_write_fn(service, u)),
            _ => None,
        });
    // Parameter kinds serve input members only.
    let takes_input = service.operations.iter().any(|op| {
        service
            .structure(&op.input)
            .is_some_and(|s| !s.members.is_empty())
    });
    let cli_imports = if takes_input {
        quote!(
            use ::lean_runtime::cli::{self, Kind, Param, UsageError, value};
        )
    } else {
        quote!(
            use ::lean_runtime::cli::{self, UsageError, value};
        )
    };
    let body = quote! {
        #doc
        // The tool offers every operation of the model, deprecated or not.
        #![allow(deprecated)]
        // Generated: `cargo fmt` must not rewrite it (see lib.rs).
        #![cfg_attr(rustfmt, rustfmt_skip)]

        #cli_imports
        use ::lean_runtime::Document;
        use ::std::process::ExitCode;

        const USAGE: &str = #usage;

        fn main() -> ExitCode {
            let args = match cli::args() {
                ::std::result::Result::Ok(args) => args,
                ::std::result::Result::Err(code) => return code,
            };
            let runtime = match ::tokio::runtime::Builder::new_current_thread().enable_all().build() {
                ::std::result::Result::Ok(runtime) => runtime,
                ::std::result::Result::Err(e) => {
                    ::std::eprintln!("cannot start the async runtime: {e}");
                    return ExitCode::from(cli::EXIT_OTHER);
                }
            };
            runtime.block_on(run(&args))
        }

        async fn run(args: &[::std::string::String]) -> ExitCode {
            let ::std::option::Option::Some((command, rest)) = args.split_first() else {
                ::std::eprint!("{USAGE}");
                return ExitCode::from(cli::EXIT_INVALID_PARAMETERS);
            };
            match command.as_str() {
                #(#arms)*
                #wait_arm
                "help" | "--help" | "-h" => {
                    ::std::print!("{USAGE}");
                    ExitCode::SUCCESS
                }
                other => {
                    ::std::eprint!("{USAGE}\nerror: argument command: invalid choice: '{other}'\n");
                    ExitCode::from(cli::EXIT_INVALID_PARAMETERS)
                }
            }
        }

        /// A client configured from the environment, with the command
        /// line's options (region, endpoint URL, timeouts) applied on top.
        async fn client(invocation: &cli::Invocation) -> ::std::result::Result<#krate::Client, ExitCode> {
            cli::init_logging(invocation);
            let config = match #krate::Config::from_env().await {
                ::std::result::Result::Ok(config) => config,
                ::std::result::Result::Err(e) => {
                    ::std::eprintln!("\n{e}");
                    return ::std::result::Result::Err(ExitCode::from(cli::EXIT_OTHER));
                }
            };
            let builder = invocation.configure(config.to_builder());
            ::std::result::Result::Ok(#krate::Client::new(&builder.build()))
        }

        /// `output` as the JSON object `write` writes.
        fn json<O>(output: &O, write: fn(&mut ::lean_runtime::json::JsonObjectWriter<'_>, &O)) -> ::std::string::String {
            let mut json = ::std::string::String::new();
            let mut object = ::lean_runtime::json::JsonObjectWriter::new(&mut json);
            write(&mut object, output);
            object.finish();
            json
        }

        #execute
        #(#command_items)*
        #wait_fns
        #(#readers)*
        #(#writers)*
    };
    reroot(body, &krate)
}

/// Whether an operation's output streams: a streamed blob goes to the
/// outfile the command line names, an event stream is printed event by
/// event. Such commands have a function of their own.
fn streams_output(service: &Service, op: &Operation) -> bool {
    service.structure(&op.output).is_some_and(|s| {
        s.members
            .iter()
            .any(|m| matches!(m.ty, TypeRef::ByteStream | TypeRef::EventStream { .. }))
    })
}

/// `execute`: runs an operation's command, generic over the operation
/// (the builder `start` returns, its output and error). Paginated
/// commands request page after page (see `lean_runtime::cli::Results`).
fn execute_fn(krate: &proc_macro2::Ident) -> TokenStream {
    quote! {
        /// Runs an operation's command: parses `args`, sets each parameter
        /// on the builder `start` returns with `apply`, sends the input with
        /// `send` and prints the output as `write` writes it; a paginated
        /// command requests every page and prints them merged.
        async fn execute<B, O, E, F>(
            args: &[::std::string::String],
            command: &cli::Command,
            start: fn(&::#krate::Client) -> B,
            apply: fn(B, &str, &Document) -> ::std::result::Result<B, UsageError>,
            send: impl Fn(B) -> F,
            write: fn(&mut ::lean_runtime::json::JsonObjectWriter<'_>, &O),
        ) -> ExitCode
        where
            F: ::std::future::Future<Output = ::std::result::Result<O, ::lean_runtime::error::SdkError<E>>>,
            E: ::lean_runtime::error::ProvideErrorMetadata + ::std::fmt::Display,
        {
            let invocation = match command.parse(args) {
                ::std::result::Result::Ok(invocation) => invocation,
                ::std::result::Result::Err(e) => return cli::report_usage(command.name, &e),
            };
            let mut results = match command.results(&invocation) {
                ::std::result::Result::Ok(results) => results,
                ::std::result::Result::Err(e) => return cli::report_usage(command.name, &e),
            };
            let client = match client(&invocation).await {
                ::std::result::Result::Ok(client) => client,
                ::std::result::Result::Err(code) => return code,
            };
            loop {
                let input = results.input(&invocation.input);
                let call = match cli::set_input(start(&client), &input, apply, command.name) {
                    ::std::result::Result::Ok(call) => call,
                    ::std::result::Result::Err(code) => return code,
                };
                let output = match send(call).await {
                    ::std::result::Result::Ok(output) => output,
                    ::std::result::Result::Err(e) => return cli::report_error(command.operation, &e),
                };
                match results.add(json(&output, write)) {
                    ::std::result::Result::Ok(true) => {}
                    ::std::result::Result::Ok(false) => break,
                    ::std::result::Result::Err(e) => {
                        ::std::eprintln!("\ncannot merge the pages of {}: {e}", command.operation);
                        return ExitCode::from(cli::EXIT_OTHER);
                    }
                }
            }
            cli::print(&invocation, command.operation, &results.finish())
        }
    }
}

/// The example is its own crate: paths the shared emitters write as
/// `crate::...` mean the generated library here, `::<lib>::...`.
fn reroot(tokens: TokenStream, krate: &proc_macro2::Ident) -> TokenStream {
    use proc_macro2::{Group, Punct, Spacing, TokenTree};
    let mut out = TokenStream::new();
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) if ident == "crate" => {
                out.extend([
                    TokenTree::Punct(Punct::new(':', Spacing::Joint)),
                    TokenTree::Punct(Punct::new(':', Spacing::Alone)),
                    TokenTree::Ident(krate.clone()),
                ]);
            }
            TokenTree::Group(group) => {
                let mut rerooted = Group::new(group.delimiter(), reroot(group.stream(), krate));
                rerooted.set_span(group.span());
                out.extend([TokenTree::Group(rerooted)]);
            }
            other => out.extend([other]),
        }
    }
    out
}

/// The types the command line reads from its arguments: those reachable
/// from an input, but not through an event stream, which it cannot send.
fn read_types(service: &Service) -> std::collections::BTreeSet<ShapeId> {
    reachable(
        service,
        service.operations.iter().map(|op| op.input.clone()),
    )
}

/// The types whose values the command line prints: those reachable from
/// an output, and the events of its streams (errors are printed from their
/// metadata, so error structures need no writer).
fn printed_types(service: &Service) -> std::collections::BTreeSet<ShapeId> {
    reachable(
        service,
        service.operations.iter().map(|op| op.output.clone()),
    )
}

/// The types reachable from `roots` through members, lists and maps.
fn reachable(
    service: &Service,
    roots: impl Iterator<Item = ShapeId>,
) -> std::collections::BTreeSet<ShapeId> {
    fn walk(ty: &TypeRef, pending: &mut Vec<ShapeId>) {
        match ty {
            TypeRef::Named(id) => pending.push(id.clone()),
            // Received events are printed one by one.
            TypeRef::EventStream {
                union,
                error: Some(_),
            } => pending.push(union.clone()),
            TypeRef::List { member, .. } => walk(member, pending),
            TypeRef::Map { value, .. } => walk(value, pending),
            _ => {}
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut pending: Vec<ShapeId> = roots.collect();
    while let Some(id) = pending.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let members = match service.type_def(&id) {
            Some(TypeDef::Structure(s)) => &s.members,
            Some(TypeDef::Union(u)) => &u.members,
            _ => continue,
        };
        for m in members {
            walk(&m.ty, &mut pending);
        }
    }
    seen
}

fn kind(service: &Service, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String
        | TypeRef::Timestamp(_)
        | TypeRef::Blob
        | TypeRef::BigInteger
        | TypeRef::BigDecimal => {
            quote!(Kind::String)
        }
        TypeRef::ByteStream => quote!(Kind::Stream),
        TypeRef::Boolean => quote!(Kind::Boolean),
        TypeRef::Byte
        | TypeRef::Short
        | TypeRef::Integer
        | TypeRef::Long
        | TypeRef::Float
        | TypeRef::Double => {
            quote!(Kind::Number)
        }
        TypeRef::Named(id) => match service.type_def(id) {
            Some(TypeDef::Enum(_)) => quote!(Kind::String),
            Some(TypeDef::IntEnum(_)) => quote!(Kind::Number),
            _ => quote!(Kind::Json),
        },
        TypeRef::List {
            member,
            sparse: false,
            ..
        } if matches!(member.as_ref(), TypeRef::String)
            || matches!(member.as_ref(), TypeRef::Named(id) if matches!(service.type_def(id), Some(TypeDef::Enum(_)))) =>
        {
            quote!(Kind::StringList)
        }
        _ => quote!(Kind::Json),
    }
}

/// An operation's command: its `Command` constant, the function applying
/// a parameter to its input builder, and (for a streamed output) a
/// function of its own; and the dispatcher's arm that runs it. Commands
/// without streams are run by the tool's one generic `execute`.
fn command_items(
    service: &Service,
    op: &Operation,
    krate: &proc_macro2::Ident,
) -> (TokenStream, TokenStream) {
    let apply = format_ident!("apply_{}", op.fn_name.unraw());
    let method = op.fn_name.ident();
    let module = op.module.ident();
    let cli_name = &op.cli_name;
    let op_name = &op.name;
    let input = service
        .structure(&op.input)
        .expect("lowering gives every operation an input structure");
    let params = input.members.iter().map(|m| {
        let flag = format!("--{}", crate::naming::kebab_case(&m.wire_name));
        let member = &m.wire_name;
        let kind = kind(service, &m.ty);
        quote!(Param::new(#flag, #member, #kind),)
    });
    let member_arms = input.members.iter().map(|m| {
        let wire = &m.wire_name;
        let read = read_value(service, &m.ty, &quote!(value), &quote!(at));
        let set = set_member(&quote!(call), m, read);
        quote!(#wire => #set,)
    });
    // Generic over what sends the input: the command's fluent builder, or
    // a waiter's builder (`wait`), which are the same input builder.
    let builder = input.builder_name.ident();
    let builder = quote!(::#krate::operation::#module::builders::#builder<S>);
    let apply_fn = if input.members.is_empty() {
        quote! {
            fn #apply<S>(
                _call: #builder,
                member: &str,
                _value: &Document,
            ) -> ::std::result::Result<#builder, UsageError> {
                ::std::result::Result::Err(value::unknown_input(member))
            }
        }
    } else {
        // Parsing the arguments refused members the operation does not
        // have, naming those it has.
        quote! {
            fn #apply<S>(
                call: #builder,
                member: &str,
                value: &Document,
            ) -> ::std::result::Result<#builder, UsageError> {
                let at = &value::Path::input(member);
                let call = match member {
                    #(#member_arms)*
                    _ => return ::std::result::Result::Err(value::unknown_input(member)),
                };
                ::std::result::Result::Ok(call)
            }
        }
    };
    let write_output = writer_name(service, &op.output);
    let command_const = command_const(op);
    let output = service.structure(&op.output);
    let streams = streams_output(service, op);
    let pagination = cli_pagination(service, op)
        .filter(|_| !streams)
        .map(|p| quote!(.paginated(#p)));
    let constant = quote! {
        const #command_const: cli::Command = cli::Command::new(#cli_name, #op_name, &[#(#params)*])#pagination;
    };
    if !streams {
        let arm = quote! {
            #cli_name => execute(rest, &#command_const, ::#krate::Client::#method, #apply, |call| call.send(), #write_output).await,
        };
        return (arm, quote!(#constant #apply_fn));
    }
    let f = format_ident!("command_{}", op.fn_name.unraw());
    let stream = output.and_then(|s| s.members.iter().find(|m| m.ty == TypeRef::ByteStream));
    let parse = if stream.is_some() {
        quote!(cli::parse_args_with_outfile)
    } else {
        quote!(cli::parse_args)
    };
    let save = stream.map(|m| {
        let field = m.name.ident();
        let take = if m.optional {
            quote!(output.#field.take().unwrap_or_default())
        } else {
            quote!(::std::mem::take(&mut output.#field))
        };
        quote! {
            let body = #take;
            if let ::std::option::Option::Some(outfile) = &invocation.outfile
                && let ::std::result::Result::Err(e) = body.write_to_file(outfile).await
            {
                ::std::eprintln!("\n{e}");
                return ExitCode::from(cli::EXIT_OTHER);
            }
        }
    });
    // An output event stream is printed event by event as it arrives, one
    // JSON object a line, after the output's other members (if any).
    let events = output.and_then(|s| {
        let m = s
            .members
            .iter()
            .find(|m| matches!(m.ty, TypeRef::EventStream { .. }))?;
        let TypeRef::EventStream { union, .. } = &m.ty else {
            return None;
        };
        let others = s.members.len() > 1;
        Some((m, union.clone(), others))
    });
    let print = match &events {
        None => quote! {
            let json = json(&output, #write_output);
            cli::print(&invocation, #op_name, &json)
        },
        Some((m, union, others)) => {
            let field = m.name.ident();
            let write_event = writer_name(service, union);
            let take = if m.optional {
                quote!(output.#field.take().unwrap_or_default())
            } else {
                quote!(::std::mem::take(&mut output.#field))
            };
            let head = others.then(|| {
                quote! {
                    cli::print(&invocation, #op_name, &json(&output, #write_output));
                }
            });
            quote! {
                let mut events = #take;
                #head
                loop {
                    match events.recv().await {
                        ::std::result::Result::Ok(::std::option::Option::Some(event)) => {
                            ::std::println!("{}", json(&event, #write_event));
                        }
                        ::std::result::Result::Ok(::std::option::Option::None) => return ExitCode::SUCCESS,
                        ::std::result::Result::Err(e) => return cli::report_error(#op_name, &e),
                    }
                }
            }
        }
    };
    let function = quote! {
        async fn #f(args: &[::std::string::String]) -> ExitCode {
            let invocation = match #parse(args, #command_const.params) {
                ::std::result::Result::Ok(invocation) => invocation,
                ::std::result::Result::Err(e) => return cli::report_usage(#cli_name, &e),
            };
            let client = match client(&invocation).await {
                ::std::result::Result::Ok(client) => client,
                ::std::result::Result::Err(code) => return code,
            };
            let call = match cli::set_input(client.#method(), &invocation.input, #apply, #cli_name) {
                ::std::result::Result::Ok(call) => call,
                ::std::result::Result::Err(code) => return code,
            };
            match call.send().await {
                ::std::result::Result::Ok(mut output) => {
                    #save
                    #print
                }
                ::std::result::Result::Err(e) => cli::report_error(#op_name, &e),
            }
        }
    };
    let arm = quote!(#cli_name => #f(rest).await,);
    (arm, quote!(#constant #function #apply_fn))
}

/// `<OPERATION>_COMMAND`: an operation's command, whose flags its `wait`
/// commands share. (The suffix keeps it apart from `USAGE`.)
fn command_const(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}_COMMAND", op.fn_name.unraw().to_uppercase())
}

/// `wait <waiter>` subcommands: one per waiter of the model, taking the
/// flags of the operation it polls, exiting 0 once the resource reaches
/// the awaited state and 255 when the waiter fails or times out.
fn wait_fns(service: &Service) -> Option<TokenStream> {
    let waiters: Vec<(&Operation, &crate::ir::Waiter)> = service
        .operations
        .iter()
        .flat_map(|op| op.waiters.iter().map(move |w| (op, w)))
        .collect();
    if waiters.is_empty() {
        return None;
    }
    let names: Vec<String> = waiters
        .iter()
        .map(|(_, w)| crate::naming::kebab_case(&w.name))
        .collect();
    let arms = waiters.iter().zip(&names).map(|((_, w), name)| {
        let f = format_ident!("wait_{}", w.module.unraw());
        quote!(#name => #f(rest).await,)
    });
    let choices = names.join(", ");
    let invalid =
        format!("error: argument wait: invalid choice: '{{other}}', valid choices are: {choices}");
    let missing = format!("usage: wait <waiter> [options]\n\nwaiters: {choices}");
    let fns = waiters.iter().zip(&names).map(|((op, w), name)| {
        let f = format_ident!("wait_{}", w.module.unraw());
        let apply = format_ident!("apply_{}", op.fn_name.unraw());
        let wait_method = w.fn_name.ident();
        let command_const = command_const(op);
        let waiter_name = &w.name;
        let command = format!("wait {name}");
        quote! {
            async fn #f(args: &[::std::string::String]) -> ExitCode {
                let invocation = match cli::parse_waiter_args(args, #command_const.params) {
                    ::std::result::Result::Ok(invocation) => invocation,
                    ::std::result::Result::Err(e) => return cli::report_usage(#command, &e),
                };
                let client = match client(&invocation).await {
                    ::std::result::Result::Ok(client) => client,
                    ::std::result::Result::Err(code) => return code,
                };
                let waiter = match cli::set_input(client.#wait_method(), &invocation.input, #apply, #command) {
                    ::std::result::Result::Ok(waiter) => waiter,
                    ::std::result::Result::Err(code) => return code,
                };
                let max_wait = invocation.max_wait.unwrap_or(cli::DEFAULT_MAX_WAIT);
                match waiter.wait(max_wait).await {
                    ::std::result::Result::Ok(_) => ExitCode::SUCCESS,
                    ::std::result::Result::Err(e) => cli::report_waiter_error(#waiter_name, &e),
                }
            }
        }
    });
    Some(quote! {
        /// `wait <waiter> [options]`.
        async fn wait(args: &[::std::string::String]) -> ExitCode {
            let ::std::option::Option::Some((waiter, rest)) = args.split_first() else {
                ::std::eprintln!(#missing);
                return ExitCode::from(cli::EXIT_INVALID_PARAMETERS);
            };
            match waiter.as_str() {
                #(#arms)*
                other => {
                    ::std::eprintln!(#invalid);
                    ExitCode::from(cli::EXIT_INVALID_PARAMETERS)
                }
            }
        }

        #(#fns)*
    })
}

/// The pagination the command line merges pages by: the results the model
/// names (`items`), or, when it names none (as SSM's
/// `GetParametersByPath` does, where the AWS CLI's own paginator data
/// names `Parameters`), the output's only list or map member. Without
/// either the command prints one page.
fn cli_pagination(service: &Service, op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let names = |members: &[Member]| -> Vec<String> {
        members.iter().map(|m| m.wire_name.clone()).collect()
    };
    let items = match &p.items {
        Some(items) => names(items),
        None => {
            let output = service.structure(&op.output)?;
            let mut collections = output
                .members
                .iter()
                .filter(|m| matches!(m.ty, TypeRef::List { .. } | TypeRef::Map { .. }));
            let only = collections.next()?;
            if collections.next().is_some() {
                return None;
            }
            vec![only.wire_name.clone()]
        }
    };
    let input_token = &p.input_token.wire_name;
    let output_token = names(&p.output_token);
    let page_size = match &p.page_size {
        Some(m) => {
            let name = &m.wire_name;
            quote!(::std::option::Option::Some(#name))
        }
        None => quote!(::std::option::Option::None),
    };
    Some(quote! {
        cli::Pagination {
            input_token: #input_token,
            output_token: &[#(#output_token),*],
            items: &[#(#items),*],
            page_size: #page_size,
        }
    })
}

/// `read_<stem>`: a value of the type from the command line's JSON.
fn reader_name(service: &Service, id: &ShapeId) -> proc_macro2::Ident {
    format_ident!("read_{}", service.helper_stem(id))
}

/// How a value of a type is read from the command line's JSON: a call of
/// `callee(value, path)`, with one more argument (`extra`) for a
/// collection, whose items `extra` reads. Every reader of the runtime's
/// `cli::value` and every generated `read_<stem>` takes the value and its
/// path, so collections nest by passing readers along.
struct ParamRead {
    callee: TokenStream,
    extra: Option<TokenStream>,
}

impl ParamRead {
    fn leaf(callee: TokenStream) -> Self {
        ParamRead {
            callee,
            extra: None,
        }
    }

    /// The reader as a function of the value and its path.
    fn function(&self) -> TokenStream {
        let callee = &self.callee;
        match &self.extra {
            None => callee.clone(),
            Some(extra) => quote!(|value, path| #callee(value, path, #extra)),
        }
    }

    /// The read of `value` at `path`, as a `Result`.
    fn call(&self, value: &TokenStream, path: &TokenStream) -> TokenStream {
        let callee = &self.callee;
        match &self.extra {
            None => quote!(#callee(#value, #path)),
            Some(extra) => quote!(#callee(#value, #path, #extra)),
        }
    }
}

/// The expression reading `value` (a `&Document`) at `path` (a
/// `&value::Path`) as `ty`, `?` applied.
fn read_value(
    service: &Service,
    ty: &TypeRef,
    value: &TokenStream,
    path: &TokenStream,
) -> TokenStream {
    let read = walk::walk(service, ty, &(), &mut ParamReader { service });
    let call = read.call(value, path);
    quote!(#call?)
}

/// The runtime's readers of parameter values, and the generated ones of
/// structures and unions.
struct ParamReader<'a> {
    service: &'a Service,
}

impl Visitor for ParamReader<'_> {
    type At = ();
    type Out = ParamRead;

    fn leaf(&mut self, leaf: Leaf<'_>, _at: &()) -> ParamRead {
        let ty = match leaf {
            Leaf::Simple(ty) => ty,
            Leaf::Enum(id) => {
                let path_ty = type_path(self.service, id);
                return ParamRead::leaf(quote!(value::enumeration::<#path_ty>));
            }
            Leaf::IntEnum(id) => {
                let path_ty = type_path(self.service, id);
                return ParamRead::leaf(quote!(value::int_enum::<#path_ty>));
            }
            Leaf::Aggregate(id) => {
                let reader = reader_name(self.service, id);
                return ParamRead::leaf(quote!(#reader));
            }
        };
        ParamRead::leaf(match ty {
            TypeRef::String => quote!(value::string),
            TypeRef::Boolean => quote!(value::boolean),
            TypeRef::Byte => quote!(value::integer::<i8>),
            TypeRef::Short => quote!(value::integer::<i16>),
            TypeRef::Integer => quote!(value::integer::<i32>),
            TypeRef::Long => quote!(value::integer::<i64>),
            TypeRef::Float => quote!(value::float32),
            TypeRef::Double => quote!(value::float),
            TypeRef::BigInteger | TypeRef::BigDecimal => {
                let ty = rust_type(self.service, ty);
                quote!(value::parsed::<#ty>)
            }
            TypeRef::Timestamp(_) => quote!(value::timestamp),
            TypeRef::Blob => quote!(value::blob),
            TypeRef::ByteStream => quote!(value::byte_stream),
            TypeRef::EventStream { .. } => quote!(value::event_stream),
            TypeRef::Document => quote!(value::document),
            // Unit: nothing to read.
            _ => quote!((|_, _| ::std::result::Result::Ok(()))),
        })
    }

    fn item_at(&mut self, _list: &List<'_>, _at: &()) {}

    fn list(&mut self, list: &List<'_>, _at: &(), item: ParamRead) -> ParamRead {
        ParamRead {
            callee: quote!(value::list_of),
            extra: Some(sparse_param(list.sparse, item.function())),
        }
    }

    fn value_at(&mut self, _map: &Map<'_>, _at: &()) {}

    fn map(&mut self, map: &Map<'_>, _at: &(), item: ParamRead) -> ParamRead {
        ParamRead {
            callee: quote!(value::map_of),
            extra: Some(sparse_param(map.sparse, item.function())),
        }
    }
}

/// A sparse collection's items are read by `read`, `None` for null.
fn sparse_param(sparse: bool, read: TokenStream) -> TokenStream {
    if sparse {
        quote!(value::nullable(#read))
    } else {
        read
    }
}

/// The builder call setting member `m` to `read` (an expression): its
/// plain setter, or for a list or map (whose plain setter adds one item)
/// the `set_` one.
fn set_member(builder: &TokenStream, m: &Member, read: TokenStream) -> TokenStream {
    if matches!(m.ty, TypeRef::List { .. } | TypeRef::Map { .. }) {
        let setter = m.setter.ident();
        quote!(#builder.#setter(::std::option::Option::Some(#read)))
    } else {
        // The plain setter boxes a boxed member itself.
        let field = m.name.ident();
        quote!(#builder.#field(#read))
    }
}

/// The members a structure or union has, as the unknown-member error lists
/// them.
fn member_list(members: &[Member]) -> String {
    members
        .iter()
        .map(|m| m.wire_name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn struct_reader(service: &Service, s: &Structure) -> TokenStream {
    let f = reader_name(service, &s.id);
    let ty = type_path(service, &s.id);
    let builder = builder_path(service, &s.id);
    if s.members.is_empty() {
        // Nothing to set: any key is unknown.
        return quote! {
            fn #f(value: &Document, path: &value::Path<'_>) -> ::std::result::Result<#ty, UsageError> {
                if let ::std::option::Option::Some(other) = value::object(value, path)?.keys().next() {
                    return ::std::result::Result::Err(value::unknown(path, other, ""));
                }
                ::std::result::Result::Ok(#builder::default().build())
            }
        };
    }
    let names = member_list(&s.members);
    let arms = s.members.iter().map(|m| {
        let wire = &m.wire_name;
        let read = read_value(service, &m.ty, &quote!(value), &quote!(at));
        let set = set_member(&quote!(builder), m, read);
        quote!(#wire => #set,)
    });
    let finish = if build_is_fallible(s) {
        quote!(builder.build().map_err(|e| value::missing(path, &e)))
    } else {
        quote!(::std::result::Result::Ok(builder.build()))
    };
    quote! {
        fn #f(value: &Document, path: &value::Path<'_>) -> ::std::result::Result<#ty, UsageError> {
            let mut builder = #builder::default();
            for (member, value) in value::object(value, path)? {
                let at = &path.member(member);
                builder = match member.as_str() {
                    #(#arms)*
                    other => return ::std::result::Result::Err(value::unknown(path, other, #names)),
                };
            }
            #finish
        }
    }
}

fn union_reader(service: &Service, u: &Union) -> TokenStream {
    let f = reader_name(service, &u.id);
    let ty = type_path(service, &u.id);
    let expected = format!(
        "Invalid value for parameter {{path}}: exactly one of {} must be set",
        member_list(&u.members)
    );
    let arms = u.members.iter().map(|m| {
        let variant = m.variant.ident();
        let wire = &m.wire_name;
        match &m.ty {
            TypeRef::Unit => quote!(#wire => #ty::#variant,),
            other => {
                let read = read_value(service, other, &quote!(value), &quote!(at));
                let read = if m.boxed {
                    quote!(::std::boxed::Box::new(#read))
                } else {
                    read
                };
                quote!(#wire => #ty::#variant(#read),)
            }
        }
    });
    // A union of unit members only reads nothing of the member's value.
    let reads_value = u.members.iter().any(|m| m.ty != TypeRef::Unit);
    let (value_binding, at) = if reads_value {
        (quote!(value), Some(quote!(let at = &path.member(member);)))
    } else {
        (quote!(_), None)
    };
    quote! {
        fn #f(value: &Document, path: &value::Path<'_>) -> ::std::result::Result<#ty, UsageError> {
            let object = value::object(value, path)?;
            let mut members = object.iter();
            let (::std::option::Option::Some((member, #value_binding)), ::std::option::Option::None) = (members.next(), members.next()) else {
                return ::std::result::Result::Err(UsageError(::std::format!(#expected)));
            };
            #at
            let read = match member.as_str() {
                #(#arms)*
                _ => return ::std::result::Result::Err(UsageError(::std::format!(#expected))),
            };
            ::std::result::Result::Ok(read)
        }
    }
}
