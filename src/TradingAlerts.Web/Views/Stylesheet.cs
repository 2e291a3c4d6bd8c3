namespace TradingAlerts.Web.Views;

/// <summary>The one stylesheet, served at /app.css (the content security policy allows no inline style).</summary>
internal static class Stylesheet
{
    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
        header { background: #1d2330; color: #fff; padding: .6rem 1rem; display: flex; gap: 1.2rem; align-items: center; flex-wrap: wrap; }
        header a { color: #fff; text-decoration: none; } header a:hover { text-decoration: underline; }
        header .brand { font-weight: 700; }
        .status { background: #e8ebf0; padding: .35rem 1rem; font-size: .85rem; display: flex; gap: 1rem; flex-wrap: wrap; }
        .state-ok { color: #19703b; } .state-degraded { color: #9a6700; } .state-down { color: #b42318; font-weight: 600; }
        main { padding: 1rem; max-width: 1200px; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e6eb; font-size: .92rem; vertical-align: top; }
        th { background: #eef0f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        form.inline { display: inline; }
        label { display: block; margin-top: .7rem; font-weight: 600; }
        input, select, textarea { font: inherit; padding: .3rem; min-width: 18rem; }
        button, .button { font: inherit; padding: .3rem .8rem; margin-top: .8rem; cursor: pointer; }
        td button { margin: 0; padding: .1rem .5rem; }
        .error { color: #b42318; display: block; }
        .notice { background: #e6f4ea; padding: .5rem 1rem; border-left: 4px solid #19703b; }
        .warning { background: #fff4d6; padding: .5rem 1rem; border-left: 4px solid #9a6700; }
        .danger { background: #b42318; color: #fff; border: 0; }
        .filters { display: flex; gap: 1rem; align-items: end; margin-bottom: .8rem; } .filters label { margin: 0; } .filters select { min-width: 8rem; }
        svg.chart { background: #fff; border: 1px solid #e3e6eb; max-width: 100%; height: auto; }
        svg.chart .axis { stroke: #c7ccd6; } svg.chart text { font-size: 10px; fill: #3d4350; }
        svg.chart .candle.up line { stroke: #067647; } svg.chart .candle.up rect { fill: #067647; }
        svg.chart .candle.down line { stroke: #b42318; } svg.chart .candle.down rect { fill: #b42318; }
        svg.chart .seen { fill: #2456c8; }
        svg.qr { display: block; margin: .5rem 0; }
        nav.ranges { display: flex; gap: 0; margin: .3rem 0 .6rem; } nav.ranges a { padding: .2rem .8rem; border: 1px solid #c7ccd6; text-decoration: none; color: #1d2330; }
        nav.ranges a + a { border-left: 0; } nav.ranges a[aria-current=page] { background: #1d2330; color: #fff; font-weight: 600; }
        svg.chart .target { stroke: #c4320a; stroke-dasharray: 6 4; stroke-width: 1.5; }
        svg.chart .firing { stroke: #7a2e0e; stroke-width: 2; } svg.chart .firing.on-close { fill: #7a2e0e; } svg.chart .firing.wick { fill: #fff; }
        .tiles { display: flex; gap: .8rem; flex-wrap: wrap; margin: .5rem 0; } .tile { background: #fff; border: 1px solid #e3e6eb; padding: .6rem .9rem; }
        .tile .figure { display: block; font-size: 1.6rem; font-weight: 700; }
        svg.bars .axis { font-size: 11px; fill: #4a5163; } svg.bars .grid { stroke: #e3e6eb; } .legend { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
        .s0 { fill: #2456c8; } .s1 { fill: #d9822b; } .s2 { fill: #19703b; } .s3 { fill: #8e44ad; } .s4 { fill: #b42318; } .s5 { fill: #5f6b7a; }
        svg.share { background: #eef0f4; } svg .ok { fill: #19703b; } svg .degraded { fill: #d9a400; } svg .down { fill: #b42318; }
        .hint, .period { color: #4a5163; font-size: .9rem; }
        [hidden] { display: none !important; }
        :focus-visible { outline: 3px solid #2456c8; outline-offset: 2px; } header a:focus-visible { outline-color: #ffd166; }
        header nav { display: flex; gap: 1.2rem; flex-wrap: wrap; }
        fieldset { margin-top: .8rem; border: 1px solid #c7ccd6; } legend { font-weight: 600; padding: 0 .3rem; }
        .sentence { background: #eef3ff; border-left: 4px solid #2456c8; padding: .5rem 1rem; } .sentence:empty { display: none; }
        .scroll { overflow-x: auto; max-width: 100%; position: relative; } /* relative: a visually hidden header stays inside it */
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        svg { max-width: 100%; height: auto; }
        code { overflow-wrap: anywhere; }
        @media (max-width: 600px) {
          main { padding: .6rem; }
          input, select, textarea { min-width: 0; width: 100%; box-sizing: border-box; }
          .filters { flex-wrap: wrap; }
          /* Every page's wide tables scroll inside themselves rather than widen the page. */
          table { display: block; overflow-x: auto; } .scroll table { display: table; }
          dl { grid-template-columns: minmax(0, 1fr); } dd { margin: 0 0 .4rem; }
          p, dd, li { overflow-wrap: anywhere; }
          header { gap: .6rem; } header nav { gap: .8rem; }
        }
        dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; } dt { font-weight: 600; }
        """;
}
