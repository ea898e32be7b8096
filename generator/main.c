/* main.c - slotc's command line.  Parses options and nothing else. */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

static const char usage_text[] =
    "usage: slotc [options] SCHEMA...\n"
    "Compile slotc schemas (YAML) into C headers and sources.\n"
    "\n"
    "  -o, --out DIR        where to write (default: .)\n"
    "  -I, --include DIR    search path for imports (repeatable)\n"
    "      --with-imports   write the outputs of every imported schema too\n"
    "      --check          validate only; write nothing\n"
    "      --layout         print each class's layout; write nothing\n"
    "      --depfile FILE   write a Make-style depfile (outputs: every schema read)\n"
    "      --list-outputs   print the files that would be written; write nothing\n"
    "      --templates DIR  render with the templates in DIR instead of the built-in ones\n"
    "  -W error             treat warnings as errors\n"
    "  -q, --quiet          print errors only\n"
    "      --version        print the version and exit\n"
    "  -h, --help           print this help and exit\n"
    "\n"
    "Exit status: 0 ok, 1 schema errors, 2 usage or I/O errors.\n";

enum {
    OPT_CHECK = 256,
    OPT_LAYOUT,
    OPT_DEPFILE,
    OPT_LIST,
    OPT_TEMPLATES,
    OPT_VERSION,
    OPT_WITH_IMPORTS
};

static const struct option long_options[] = {
    {"out", required_argument, NULL, 'o'},
    {"include", required_argument, NULL, 'I'},
    {"with-imports", no_argument, NULL, OPT_WITH_IMPORTS},
    {"check", no_argument, NULL, OPT_CHECK},
    {"layout", no_argument, NULL, OPT_LAYOUT},
    {"depfile", required_argument, NULL, OPT_DEPFILE},
    {"list-outputs", no_argument, NULL, OPT_LIST},
    {"templates", required_argument, NULL, OPT_TEMPLATES},
    {"quiet", no_argument, NULL, 'q'},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("slotc: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'slotc --help' for more information.\n", stderr);
    va_end(ap);
    return DRV_USAGE_ERROR;
}

int main(int argc, char **argv)
{
    drv_options opt = {.out_dir = "."};
    /* argv outlives the run, so the option lists can point into it. */
    const char **includes = calloc((size_t)argc + 1, sizeof *includes);
    if (!includes)
        return DRV_USAGE_ERROR;
    opt.includes = includes;

    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:I:W:qh", long_options, NULL)) != -1) {
        switch (c) {
        case 'o':
            opt.out_dir = optarg;
            break;
        case 'I':
            includes[opt.n_includes++] = optarg;
            break;
        case 'W':
            if (strcmp(optarg, "error") != 0) {
                free(includes);
                return usage_error("unknown warning option '-W%s' (there is '-W error')", optarg);
            }
            opt.werror = true;
            break;
        case 'q':
            opt.quiet = true;
            break;
        case OPT_WITH_IMPORTS:
            opt.with_imports = true;
            break;
        case OPT_CHECK:
            opt.check_only = true;
            break;
        case OPT_LAYOUT:
            opt.layout = true;
            break;
        case OPT_DEPFILE:
            opt.depfile = optarg;
            break;
        case OPT_LIST:
            opt.list_outputs = true;
            break;
        case OPT_TEMPLATES:
            opt.templates_dir = optarg;
            break;
        case OPT_VERSION:
            printf("slotc %s\n", SLOTC_FULL_VERSION);
            free(includes);
            return DRV_OK;
        case 'h':
            fputs(usage_text, stdout);
            free(includes);
            return DRV_OK;
        case ':':
            free(includes);
            return usage_error("option '%s' requires an argument", argv[optind - 1]);
        default:
            free(includes);
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        free(includes);
        return usage_error("no schema given");
    }
    opt.schemas = (const char **)(argv + optind);
    opt.n_schemas = (size_t)(argc - optind);
    int status = drv_run(&opt);
    free(includes);
    return status;
}
