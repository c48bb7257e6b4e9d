"""The preset analyses about selling (RPT-2): who buys (`buyers`), who sells (`people`),
what sells and earns (`products`), the trend and composition (`trend`) and target
attainment (`attainment`); `common` holds what they share. `analysis.presets.load` imports
every module here, and each registers its presets (`analysis.presets.register`)."""
