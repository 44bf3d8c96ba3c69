import ArgumentParser

extension TaoCommand {
    /// Every `tao` subcommand, one line each, so parallel work adds lines rather than editing shared ones.
    static let all: [any ParsableCommand.Type] = [
        VersionCommand.self,
        BrokerCommand.self,
        KafkaSmokeCommand.self,
        GenerateCommand.self,
        LogprobsCommand.self,
        BenchCommand.self,
        UpCommand.self,
        SoakCommand.self,
        ConfigCommand.self,
        ServeCommand.self,
        GateCommand.self,
        PromoteCommand.self,
        RollbackCommand.self,
        PromotionsCommand.self,
        NightlyCommand.self,
        ReportCommand.self,
        RescoreCommand.self,
        ScorerCommand.self,
        WarmStartCommand.self,
        EvalCommand.self,
        DemoCommand.self,
        ExperimentCommand.self,
        ModelCommand.self,
        RewardModelCommand.self,
        JudgeCommand.self,
        KeysCommand.self,
    ]
}
